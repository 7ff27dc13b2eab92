import { DownloadOutlined, EditOutlined, MoreOutlined, PlusOutlined, StopOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Empty, Flex, List, Popconfirm, Select, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadFile } from '../../api/client';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import { ErrorResult } from '../../components/result-pages';
import { useShowError } from '../../components/use-api-error';
import { useUrlParams } from '../../components/use-url-params';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useCan } from '../auth/session';
import { useOrgUnits } from '../org/org-api';
import { todayIso } from '../talks/talks-api';
import { GridFormModal, GridImportModal } from './grid-modals';
import {
  addGridMembers,
  closeGrid,
  GRIDS_KEY,
  moveGridMember,
  removeGridMember,
  useCoverageCheck,
  useGrids,
  type CoverageCheck,
  type Grid,
  type GridMember,
} from './grids-api';
import './grids.css';

const DRAG_TYPE = 'application/x-grid-person';
type Drag = { personId: string; fromGridId: string };

function GridColumn({
  grid,
  grids,
  canEdit,
  onMove,
  onEdit,
  dragging,
  setDragging,
}: {
  grid: Grid;
  grids: Grid[];
  canEdit: boolean;
  onMove: (d: Drag & { toGridId: string }) => void;
  onEdit: (g: Grid) => void;
  dragging: Drag | null;
  setDragging: (d: Drag | null) => void;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [adding, setAdding] = useState<string | null>(null);
  const add = useWriteMutation({
    mutationFn: (personId: string) => addGridMembers(grid.id, { personIds: [personId], joinedOn: todayIso(), version: grid.version }),
    invalidate: [GRIDS_KEY],
    onSuccess: () => setAdding(null),
  });
  const close = useWriteMutation({ mutationFn: () => closeGrid(grid.id, grid.version), invalidate: [GRIDS_KEY], successMessage: t('talks.grids.closed') });
  const others = grids.filter((g) => g.id !== grid.id && !g.closedAt);
  const canDrop = canEdit && !grid.closedAt && dragging !== null && dragging.fromGridId !== grid.id;

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const raw = e.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return;
    const d = JSON.parse(raw) as Drag;
    if (d.fromGridId !== grid.id) onMove({ ...d, toGridId: grid.id });
  };

  const member = (m: GridMember) => (
    <div
      key={m.personId}
      className="grid-person"
      draggable={canEdit && !grid.closedAt}
      onDragStart={(e) => {
        const d: Drag = { personId: m.personId, fromGridId: grid.id };
        e.dataTransfer.setData(DRAG_TYPE, JSON.stringify(d));
        e.dataTransfer.setData('text/plain', m.name);
        e.dataTransfer.effectAllowed = 'move';
        setDragging(d);
      }}
      onDragEnd={() => setDragging(null)}
      data-testid="grid-person"
      data-person-id={m.personId}
    >
      <span className="grid-person-name">
        <Link to={`/people/${m.personId}`} draggable={false}>
          {m.name}
        </Link>
        {m.post ? <Typography.Text type="secondary" className="grid-person-post">{m.post}</Typography.Text> : null}
        {m.personId === grid.leaderPersonId ? <Tag color="red">{t('talks.grids.leaderShort')}</Tag> : null}
      </span>
      {canEdit && !grid.closedAt && others.length ? (
        <Dropdown
          trigger={['click']}
          menu={{
            items: others.map((g) => ({ key: g.id, label: <span data-testid="grid-move-target">{g.name}</span> })),
            onClick: ({ key }) => onMove({ personId: m.personId, fromGridId: grid.id, toGridId: key }),
          }}
        >
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('talks.grids.moveTo')} title={t('talks.grids.moveTo')} data-testid="grid-person-move" />
        </Dropdown>
      ) : null}
    </div>
  );

  return (
    <Card
      size="small"
      className={`grid-column${over && canDrop ? ' grid-column-over' : ''}${grid.closedAt ? ' grid-column-closed' : ''}`}
      data-testid="grid-column"
      data-grid-id={grid.id}
      title={
        <span data-testid="grid-column-name">
          {grid.name} <Tag>{grid.members.length}</Tag>
        </span>
      }
      extra={
        canEdit && !grid.closedAt ? (
          <Space size={0}>
            <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onEdit(grid)} aria-label={t('common.edit')} data-testid="grid-edit" />
            <Popconfirm title={t('talks.grids.closeConfirm')} onConfirm={() => close.mutate()} disabled={grid.members.length > 0}>
              <Button size="small" type="text" danger icon={<StopOutlined />} disabled={grid.members.length > 0} title={grid.members.length > 0 ? t('talks.grids.closeNotEmpty') : t('talks.grids.close')} aria-label={t('talks.grids.close')} data-testid="grid-close" />
            </Popconfirm>
          </Space>
        ) : grid.closedAt ? (
          <Tag>{t('talks.grids.closedTag')}</Tag>
        ) : null
      }
      onDragOver={(e) => {
        if (!canDrop) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <Typography.Paragraph type="secondary" className="grid-leaders">
        {t('talks.grids.leader')}: {grid.leaderName ?? '—'}
        {grid.deputyName ? ` · ${t('talks.grids.deputy')}: ${grid.deputyName}` : ''}
      </Typography.Paragraph>
      {grid.members.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.grids.noMembers')} /> : grid.members.map(member)}
      {canEdit && !grid.closedAt ? (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <PersonPicker value={adding} onChange={setAdding} style={{ flex: 1, minWidth: 0 }} placeholder={t('talks.grids.addMember')} data-testid="grid-add-person" />
          <Button icon={<UserAddOutlined />} disabled={!adding} loading={add.isPending} onClick={() => adding && add.mutate(adding)} aria-label={t('talks.grids.addMember')} data-testid="grid-add-submit" />
        </Space.Compact>
      ) : null}
    </Card>
  );
}

function CoverageCheckCard({ check, grids, canEdit }: { check: CoverageCheck; grids: Grid[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const open = grids.filter((g) => !g.closedAt);
  const [target, setTarget] = useState<Record<string, string>>({});
  const assign = useWriteMutation({
    mutationFn: ({ personId, gridId }: { personId: string; gridId: string }) => {
      const g = grids.find((x) => x.id === gridId)!;
      return addGridMembers(gridId, { personIds: [personId], joinedOn: todayIso(), version: g.version });
    },
    invalidate: [GRIDS_KEY],
    successMessage: t('talks.grids.assigned'),
  });
  const keepOnly = useWriteMutation({
    mutationFn: async ({ personId, keepId, gridIds }: { personId: string; keepId: string; gridIds: string[] }) => {
      for (const id of gridIds.filter((x) => x !== keepId)) {
        const g = grids.find((x) => x.id === id);
        if (g) await removeGridMember(id, personId, { leftOn: todayIso(), version: g.version });
      }
    },
    invalidate: [GRIDS_KEY],
    successMessage: t('talks.grids.assigned'),
  });
  return (
    <Card size="small" title={t('talks.grids.coverageCheck')} className="grid-coverage" data-testid="grid-coverage-check">
      <Space size={24} wrap>
        <Statistic title={t('talks.grids.total')} value={check.total} />
        <Statistic title={t('talks.grids.assignedCount')} value={check.assigned} data-testid="grid-coverage-assigned" />
        <Statistic title={t('talks.grids.unassigned')} value={check.unassigned.length} styles={{ content: { color: check.unassigned.length ? '#cf1322' : undefined } }} data-testid="grid-coverage-unassigned-count" />
        <Statistic title={t('talks.grids.doubleAssigned')} value={check.doubleAssigned.length} styles={{ content: { color: check.doubleAssigned.length ? '#cf1322' : undefined } }} />
      </Space>
      {check.unassigned.length > 0 ? (
        <List
          size="small"
          header={<Typography.Text strong>{t('talks.grids.unassigned')}</Typography.Text>}
          dataSource={check.unassigned}
          data-testid="grid-unassigned"
          renderItem={(p) => (
            <List.Item data-testid="grid-unassigned-person">
              <span>
                {p.name}
                <Typography.Text type="secondary">{[p.post, p.branchName].filter(Boolean).map((x) => ` · ${x}`).join('')}</Typography.Text>
              </span>
              {canEdit && open.length ? (
                <Space.Compact>
                  <Select
                    size="small"
                    value={target[p.id] ?? open[0]!.id}
                    onChange={(v) => setTarget((s) => ({ ...s, [p.id]: v }))}
                    options={open.map((g) => ({ value: g.id, label: g.name }))}
                    style={{ minWidth: 110 }}
                  />
                  <Button size="small" type="primary" loading={assign.isPending} onClick={() => assign.mutate({ personId: p.id, gridId: target[p.id] ?? open[0]!.id })} data-testid="grid-assign">
                    {t('talks.grids.assign')}
                  </Button>
                </Space.Compact>
              ) : null}
            </List.Item>
          )}
        />
      ) : null}
      {check.doubleAssigned.length > 0 ? (
        <List
          size="small"
          header={<Typography.Text strong>{t('talks.grids.doubleAssigned')}</Typography.Text>}
          dataSource={check.doubleAssigned}
          data-testid="grid-double"
          renderItem={(d) => (
            <List.Item>
              <span>{d.person.name}</span>
              <Space wrap size={4}>
                {d.grids.map((g) =>
                  canEdit ? (
                    <Button key={g.id} size="small" onClick={() => keepOnly.mutate({ personId: d.person.id, keepId: g.id, gridIds: d.grids.map((x) => x.id) })} data-testid="grid-keep-only">
                      {t('talks.grids.keepOnly', { name: g.name })}
                    </Button>
                  ) : (
                    <Tag key={g.id}>{g.name}</Tag>
                  ),
                )}
              </Space>
            </List.Item>
          )}
        />
      ) : null}
      {check.unassigned.length === 0 && check.doubleAssigned.length === 0 ? <Alert type="success" showIcon title={t('talks.grids.allCovered')} style={{ marginTop: 8 }} /> : null}
    </Card>
  );
}

/** 网格管理: one branch's grids as columns; drag people between them (or "移至…"), check coverage, import and export. */
export function GridsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const canEdit = useCan('talks.policy');
  const units = useOrgUnits();
  const { params, update } = useUrlParams();
  const firstBranch = useMemo(() => units.data?.find((u) => u.kind === 'branch' && !u.closedAt)?.id ?? null, [units.data]);
  const branchId = params.get('branch') ?? firstBranch;
  const showClosed = params.get('closed') === '1';
  const grids = useGrids(branchId, showClosed);
  const check = useCoverageCheck(branchId);
  const [editing, setEditing] = useState<Grid | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [dragging, setDragging] = useState<Drag | null>(null);
  const list = grids.data ?? [];

  useEffect(() => setDragging(null), [branchId]);

  const move = useWriteMutation({
    mutationFn: (d: Drag & { toGridId: string }) => {
      const from = list.find((g) => g.id === d.fromGridId)!;
      const to = list.find((g) => g.id === d.toGridId)!;
      return moveGridMember({ personId: d.personId, fromGridId: from.id, toGridId: to.id, on: todayIso(), fromVersion: from.version, toVersion: to.version });
    },
    invalidate: [GRIDS_KEY],
    onSuccess: (r, d) => {
      const name = r.to.members.find((m) => m.personId === d.personId)?.name ?? '';
      void message.success(t('talks.grids.moved', { name, grid: r.to.name }));
    },
  });

  const exportXlsx = () => branchId && downloadFile('/grids/export.xlsx', { branchId }, 'grids.xlsx').catch(showError);

  return (
    <div className="page" data-testid="grids-page">
      <div className="page-header">
        <Typography.Title level={3}>{t('talks.grids.title')}</Typography.Title>
        <Space wrap>
          {canEdit && branchId ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="grid-new">
                {t('talks.grids.new')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="grid-import-open">
                {t('talks.grids.import')}
              </Button>
            </>
          ) : null}
          {branchId ? (
            <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} data-testid="grid-export">
              {t('talks.grids.export')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Flex className="filter-bar" gap={8} wrap align="center">
        <OrgUnitTreeSelect value={branchId} onChange={(v) => update({ branch: v })} kinds={['branch']} allowClear={false} placeholder={t('talks.grids.branch')} data-testid="grids-branch" />
        <Select
          value={showClosed ? '1' : '0'}
          onChange={(v) => update({ closed: v === '1' ? '1' : null })}
          options={[
            { value: '0', label: t('talks.grids.openOnly') },
            { value: '1', label: t('talks.grids.withClosed') },
          ]}
        />
      </Flex>
      {canEdit ? <Typography.Paragraph type="secondary">{t('talks.grids.dragHint')}</Typography.Paragraph> : null}
      {!branchId ? (
        <Alert type="info" showIcon title={t('talks.grids.chooseBranch')} />
      ) : grids.error ? (
        <ErrorResult error={grids.error} onRetry={() => void grids.refetch()} />
      ) : grids.isPending ? (
        <Spin />
      ) : (
        <>
          {list.length === 0 ? <Empty description={t('talks.grids.none')} /> : null}
          <div className="grid-columns" data-testid="grid-columns">
            {list.map((g) => (
              <GridColumn key={g.id} grid={g} grids={list} canEdit={canEdit && !move.isPending} onMove={(d) => move.mutate(d)} onEdit={setEditing} dragging={dragging} setDragging={setDragging} />
            ))}
          </div>
          {check.data ? <CoverageCheckCard check={check.data} grids={list} canEdit={canEdit} /> : null}
        </>
      )}
      {branchId ? (
        <>
          <GridFormModal open={editing !== null} branchId={branchId} grid={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
          <GridImportModal open={importing} branchId={branchId} onClose={() => setImporting(false)} onImported={() => void grids.refetch().then(() => check.refetch())} />
        </>
      ) : null}
    </div>
  );
}
