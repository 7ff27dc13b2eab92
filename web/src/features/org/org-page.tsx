import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DownloadOutlined,
  EditOutlined,
  DragOutlined,
  PlusOutlined,
  SearchOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Grid, Input, Row, Space, Switch, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { apiFetch, apiUrl } from '../../api/client';
import type { OrgUnit } from '../../api/types';
import { ImportDialog } from '../../components/import-dialog';
import { ErrorResult } from '../../components/result-pages';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useCan } from '../auth/session';
import { LeadershipPanel } from './leadership-panel';
import { ORG_UNITS_KEY, useOrgUnits } from './org-api';
import { OrgKindTag } from './org-labels';
import { buildOrgTree, pathNames, reorderPlan, siblingsOf, type OrgNode } from './org-tree';
import { CreateUnitModal, EditUnitModal, MoveUnitModal } from './org-unit-modals';

/** Nodes matching the search, with their ancestors; everything when the search is empty. */
function filterTree(nodes: OrgNode[], search: string): OrgNode[] {
  if (!search) return nodes;
  const needle = search.toLowerCase();
  return nodes.flatMap((n) => {
    const children = filterTree(n.children, search);
    return n.unit.name.toLowerCase().includes(needle) || children.length ? [{ ...n, children }] : [];
  });
}

function allIds(nodes: OrgNode[]): string[] {
  return nodes.flatMap((n) => [n.unit.id, ...allIds(n.children)]);
}

function UnitTitle({ unit }: { unit: OrgUnit }) {
  const { t } = useTranslation();
  return (
    <span className="org-tree-title" data-testid="org-node" data-unit-id={unit.id}>
      <span className={unit.closedAt ? 'org-tree-node-closed' : undefined}>{unit.name}</span>{' '}
      <OrgKindTag kind={unit.kind} />
      {unit.memberCount > 0 ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
          {t('org.memberCount', { count: unit.memberCount })}
        </Typography.Text>
      ) : null}
      {unit.closedAt ? (
        <Tag style={{ marginInlineStart: 6 }} data-testid="org-node-closed">
          {t('org.closed')}
        </Tag>
      ) : null}
    </span>
  );
}

function toDataNodes(nodes: OrgNode[]): DataNode[] {
  return nodes.map((n) => ({
    key: n.unit.id,
    title: <UnitTitle unit={n.unit} />,
    children: n.children.length ? toDataNodes(n.children) : undefined,
  }));
}

function UnitDetails({ unit, units, onCreateChild, onEdit, onMove }: {
  unit: OrgUnit;
  units: OrgUnit[];
  onCreateChild: () => void;
  onEdit: () => void;
  onMove: () => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const canWrite = useCan('org.write');
  const client = useQueryClient();
  const parentPath = unit.parentId ? pathNames(units, unit.parentId).join(' / ') : t('org.rootParent');
  const siblings = siblingsOf(units, unit);
  const index = siblings.findIndex((s) => s.id === unit.id);

  const reorder = useWriteMutation({
    mutationFn: async (direction: -1 | 1) => {
      // Sequential PATCHes, each with the version it read; a conflict stops the rest.
      for (const step of reorderPlan(units, unit, direction)) {
        await apiFetch<OrgUnit>(`/org-units/${step.unit.id}`, {
          method: 'PATCH',
          body: { version: step.unit.version, sortOrder: step.sortOrder },
        });
      }
    },
    invalidate: [ORG_UNITS_KEY],
    successMessage: t('org.reordered'),
    onError: () => void client.invalidateQueries({ queryKey: ORG_UNITS_KEY }),
  });
  const close = useWriteMutation({
    mutationFn: () => apiFetch<OrgUnit>(`/org-units/${unit.id}/close`, { method: 'POST', body: { version: unit.version } }),
    invalidate: [ORG_UNITS_KEY],
    successMessage: t('org.closedDone'),
  });

  const confirmClose = () =>
    modal.confirm({
      title: t('common.confirmTitle'),
      content: t('org.closeConfirm', { name: unit.name }),
      okButtonProps: { danger: true },
      okText: t('org.closeUnit'),
      cancelText: t('common.cancel'),
      onOk: () => close.mutateAsync().catch(() => undefined),
    });

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="org-selected-name">{unit.name}</span>
          <OrgKindTag kind={unit.kind} />
        </Space>
      }
      data-testid="org-details"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'name', label: t('org.field.name'), children: unit.name },
          { key: 'kind', label: t('org.field.kind'), children: t(`org.kind.${unit.kind}`) },
          { key: 'parent', label: t('org.field.parent'), children: parentPath, span: 'filled' },
          { key: 'sort', label: t('org.field.sortOrder'), children: unit.sortOrder },
          { key: 'count', label: t('org.field.memberCount'), children: t('org.memberCount', { count: unit.memberCount }) },
          {
            key: 'status',
            label: t('org.field.status'),
            children: unit.closedAt ? (
              <Tag>{t('org.closedOn', { date: dayjs(unit.closedAt).format('YYYY-MM-DD') })}</Tag>
            ) : (
              <Tag color="green">{t('org.status.open')}</Tag>
            ),
          },
        ]}
      />
      {canWrite && !unit.closedAt ? (
        <Flex wrap gap={8} style={{ marginTop: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreateChild} data-testid="org-create-child">
            {t('org.createChild')}
          </Button>
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="org-rename">
            {t('org.rename')}
          </Button>
          <Button icon={<DragOutlined />} onClick={onMove} data-testid="org-move">
            {t('org.move')}
          </Button>
          <Space.Compact>
            <Button
              icon={<ArrowUpOutlined />}
              disabled={index <= 0 || reorder.isPending}
              onClick={() => reorder.mutate(-1)}
              data-testid="org-up"
            >
              {t('org.moveUp')}
            </Button>
            <Button
              icon={<ArrowDownOutlined />}
              disabled={index < 0 || index >= siblings.length - 1 || reorder.isPending}
              onClick={() => reorder.mutate(1)}
              data-testid="org-down"
            >
              {t('org.moveDown')}
            </Button>
          </Space.Compact>
          <Button danger icon={<StopOutlined />} onClick={confirmClose} loading={close.isPending} data-testid="org-close">
            {t('org.closeUnit')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}

export function OrgPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isNarrow = screens.lg === false;
  const canWrite = useCan('org.write');
  const units = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('unit');
  const showClosed = params.get('closed') === '1';
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [creating, setCreating] = useState<{ parent: OrgUnit | null } | null>(null);
  const [editing, setEditing] = useState<OrgUnit | null>(null);
  const [moving, setMoving] = useState<OrgUnit | null>(null);
  const [importing, setImporting] = useState(false);
  const client = useQueryClient();
  const detailsRef = useRef<HTMLDivElement>(null);

  const list = units.data ?? [];
  const tree = useMemo(() => buildOrgTree(list, { includeClosed: showClosed }), [list, showClosed]);
  const visibleTree = useMemo(() => filterTree(tree, search.trim()), [tree, search]);
  const selected = list.find((u) => u.id === selectedId) ?? null;

  // Expand everything the first time the tree arrives; afterwards the user's choice stands.
  useEffect(() => {
    if (expanded === null && units.data) setExpanded(allIds(tree));
  }, [expanded, units.data, tree]);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  // On narrow screens the details sit below the tree: bring them into view once the choice renders.
  const scrollPending = useRef(false);
  const select = (id: string | null) => {
    scrollPending.current = !!id && isNarrow;
    setParam('unit', id);
  };
  useEffect(() => {
    if (!scrollPending.current || !selected) return;
    scrollPending.current = false;
    detailsRef.current?.scrollIntoView({ block: 'start' });
  }, [selected]);

  if (units.error) return <ErrorResult error={units.error} onRetry={() => void units.refetch()} />;

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('org.title')}</Typography.Title>
        {canWrite ? (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => setCreating({ parent: null })} data-testid="org-create-root">
              {t('org.createRoot')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="org-import">
              {t('org.import')}
            </Button>
            <Button icon={<DownloadOutlined />} href={apiUrl('/org-units/import-template.xlsx')} data-testid="org-template">
              {t('org.template')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card className="org-tree-card" loading={units.isPending} data-testid="org-tree-card">
            <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
              <Input
                allowClear
                prefix={<SearchOutlined />}
                placeholder={t('org.searchPlaceholder')}
                onChange={(e) => setSearch(e.target.value)}
                style={{ flex: '1 1 160px' }}
                data-testid="org-search"
              />
              <Space size={6}>
                <Switch size="small" checked={showClosed} onChange={(v) => setParam('closed', v ? '1' : null)} data-testid="org-show-closed" />
                <Typography.Text>{t('org.showClosed')}</Typography.Text>
              </Space>
            </Flex>
            {visibleTree.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.empty')} />
            ) : (
              <Tree
                blockNode
                showLine
                treeData={toDataNodes(visibleTree)}
                selectedKeys={selectedId ? [selectedId] : []}
                expandedKeys={search.trim() ? allIds(visibleTree) : (expanded ?? [])}
                onExpand={(keys) => setExpanded(keys.map(String))}
                onSelect={(keys) => select(keys.length ? String(keys[0]) : null)}
                data-testid="org-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <div ref={detailsRef} style={{ scrollMarginTop: 72 }}>
            {selected ? (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <UnitDetails
                  unit={selected}
                  units={list}
                  onCreateChild={() => setCreating({ parent: selected })}
                  onEdit={() => setEditing(selected)}
                  onMove={() => setMoving(selected)}
                />
                <LeadershipPanel key={selected.id} unit={selected} />
              </Space>
            ) : (
              <Card>
                <Empty description={t('org.selectHint')} />
              </Card>
            )}
          </div>
        </Col>
      </Row>
      <CreateUnitModal
        open={!!creating}
        parent={creating?.parent ?? null}
        onClose={() => setCreating(null)}
        onCreated={(unit) => {
          if (unit.parentId) setExpanded((prev) => [...new Set([...(prev ?? []), unit.parentId!])]);
          select(unit.id);
        }}
      />
      <EditUnitModal unit={editing} onClose={() => setEditing(null)} />
      <MoveUnitModal unit={moving} units={list} onClose={() => setMoving(null)} />
      <ImportDialog
        open={importing}
        title={t('org.importTitle')}
        endpoint="/org-units/import"
        templatePath="/org-units/import-template.xlsx"
        onClose={() => setImporting(false)}
        onImported={() => {
          setExpanded(null);
          void client.invalidateQueries({ queryKey: ORG_UNITS_KEY });
        }}
      />
    </div>
  );
}
