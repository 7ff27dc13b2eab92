import { ArrowLeftOutlined, CheckCircleOutlined, ReloadOutlined, SaveOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, Radio, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { confirmConflictReload } from '../../components/confirm-conflict-reload';
import { errorText, fieldIssuesOf } from '../../api/errors';
import { FullPageSpin } from '../../components/full-page-spin';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import { buttonTestId } from '../../components/test-id';
import { ErrorResult } from '../../components/result-pages';
import {
  commitDraft,
  generateDraft,
  ledgerItemsKey,
  putDraft,
  REPORTS_KEY,
  reportKey,
  useLedgerItems,
  useReport,
  type DraftBasis,
  type DraftItem,
  type LedgerItem,
  type Report,
} from '../reports/reports-api';
import { DEPARTMENT_KINDS, DepartmentsSelect, MultiPersonPicker } from './ledger-pickers';
import '../reports/reports.css';

const TYPES = ['immediate', 'deadline', 'ongoing'] as const;

/** The ledger draft of a material: generate, edit every suggested value, commit into the ledger. */
export function LedgerDraftPage() {
  const { id = '' } = useParams();
  const report = useReport(id);
  if (report.isPending) return <FullPageSpin />;
  if (report.error || !report.data) return <ErrorResult error={report.error} onRetry={() => void report.refetch()} />;
  return <Draft report={report.data} refetch={() => report.refetch()} />;
}

function Draft({ report, refetch }: { report: Report; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const draft = report.ledgerDraft;
  const committed = Boolean(report.ledgerCommittedAt);
  const [edited, setEdited] = useState<DraftItem[] | null>(null);
  const [basis, setBasis] = useState<DraftBasis>(draft?.basis ?? 'measure');
  const [baseDate, setBaseDate] = useState<Dayjs>(draft ? dayjs(draft.baseDate) : dayjs());
  const [createdCount, setCreatedCount] = useState<number | null>(null);
  const items = edited ?? draft?.items ?? [];
  const dirty = edited !== null;
  const ledger = useLedgerItems(report.id, committed);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const names = useMemo(() => new Map((draft?.names.people ?? []).map((p) => [p.id, p.name])), [draft]);
  const unitNames = useMemo(() => new Map((draft?.names.units ?? []).map((u) => [u.id, u.name])), [draft]);

  const stored = (r: Report) => {
    client.setQueryData(reportKey(r.id), r);
    void client.invalidateQueries({ queryKey: [...REPORTS_KEY, 'list'] });
  };
  const onError = (e: unknown) => {
    if (
      confirmConflictReload(e, modal, t, async () => {
        setEdited(null);
        await refetch();
      })
    )
      return;
    const issues = fieldIssuesOf(t, e);
    if (issues.length) {
      const text = issues.slice(0, 3).map((i) => {
        const row = i.path[0] === 'items' && typeof i.path[1] === 'number' ? `#${i.path[1] + 1} ` : '';
        return `${row}${i.message}`;
      });
      void message.error(text.join('；'));
      return;
    }
    void message.error(errorText(t, e));
  };

  const generate = useMutation({
    mutationFn: () => generateDraft(report.id, { version: report.version, basis, baseDate: baseDate.format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      stored(r);
      setEdited(null);
      void message.success(t('ledger.draft.generated', { count: r.ledgerDraft?.items.length ?? 0 }));
    },
    onError,
  });
  const save = useMutation({
    mutationFn: () => putDraft(report.id, items, report.version),
    onSuccess: (r) => {
      stored(r);
      setEdited(null);
      void message.success(t('ledger.draft.saved'));
    },
    onError,
  });
  const commit = useMutation({
    mutationFn: async () => {
      let version = report.version;
      if (dirty) {
        const saved = await putDraft(report.id, items, version);
        stored(saved);
        version = saved.version;
      }
      return commitDraft(report.id, version);
    },
    onSuccess: (res) => {
      stored(res.report);
      setEdited(null);
      setCreatedCount(res.items.length);
      client.setQueryData(ledgerItemsKey(report.id), { items: res.items, total: res.items.length });
      void message.success(t('ledger.draft.committedCount', { count: res.items.length }));
    },
    onError,
  });

  const update = (index: number, patch: Partial<DraftItem>) => setEdited((prev) => (prev ?? items).map((x, i) => (i === index ? { ...x, ...patch } : x)));
  const included = items.filter((x) => x.include).length;

  const onGenerate = () => {
    if (!draft) return generate.mutate();
    modal.confirm({ title: t('ledger.draft.regenerateConfirm'), onOk: () => generate.mutate() });
  };
  const onCommit = () =>
    modal.confirm({
      title: t('ledger.draft.commit'),
      content: t('ledger.draft.commitConfirm', { count: included }),
      okButtonProps: buttonTestId('draft-commit-ok'),
      onOk: () => commit.mutate(),
    });

  const ro = committed;
  const typeLabel = (type: DraftItem['type']) => t(`ledger.type.${type}`);
  const columns: TableProps<DraftItem>['columns'] = [
    {
      key: 'include',
      title: t('ledger.draft.include'),
      width: 56,
      fixed: 'left',
      render: (_: unknown, x, i) => <Checkbox checked={x.include} disabled={ro} onChange={(e) => update(i, { include: e.target.checked })} data-testid="draft-include" />,
    },
    {
      key: 'problem',
      title: t('ledger.field.problem'),
      width: 240,
      render: (_: unknown, x, i) => (
        <>
          {x.aspect ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: x.aspect }}>
              {x.aspect}
            </Typography.Text>
          ) : null}
          <Input.TextArea
            value={x.problem}
            disabled={ro}
            autoSize={{ minRows: 2, maxRows: 6 }}
            status={x.include && !x.problem.trim() ? 'error' : undefined}
            placeholder={t('ledger.draft.problemRequired')}
            onChange={(e) => update(i, { problem: e.target.value })}
            data-testid="draft-problem"
          />
        </>
      ),
    },
    {
      key: 'measure',
      title: t('ledger.field.measure'),
      width: 260,
      render: (_: unknown, x, i) => (
        <Input.TextArea value={x.measure ?? ''} disabled={ro} autoSize={{ minRows: 2, maxRows: 6 }} onChange={(e) => update(i, { measure: e.target.value || null })} data-testid="draft-measure" />
      ),
    },
    {
      key: 'type',
      title: t('ledger.field.type'),
      width: 150,
      render: (_: unknown, x, i) => (
        <>
          <Select
            value={x.type}
            disabled={ro}
            onChange={(v: DraftItem['type']) => update(i, { type: v })}
            options={TYPES.map((v) => ({ value: v, label: typeLabel(v) }))}
            style={{ width: '100%' }}
            data-testid="draft-type"
          />
          <Typography.Text type={x.type === x.suggestion.type ? 'secondary' : 'warning'} style={{ fontSize: 12 }} data-testid="draft-type-suggestion">
            {x.suggestion.typeKeyword
              ? t('ledger.draft.suggestionKeyword', { type: typeLabel(x.suggestion.type), keyword: x.suggestion.typeKeyword })
              : t('ledger.draft.suggestion', { type: typeLabel(x.suggestion.type) })}
          </Typography.Text>
        </>
      ),
    },
    {
      key: 'deadline',
      title: t('ledger.field.deadline'),
      width: 150,
      render: (_: unknown, x, i) => (
        <DatePicker
          value={x.deadline ? dayjs(x.deadline) : null}
          disabled={ro}
          onChange={(d) => update(i, { deadline: d ? d.format('YYYY-MM-DD') : null })}
          style={{ width: '100%' }}
          data-testid="draft-deadline"
        />
      ),
    },
    {
      key: 'leader',
      title: t('ledger.field.leader'),
      width: 170,
      render: (_: unknown, x, i) =>
        ro ? (
          (x.leaderPersonId && names.get(x.leaderPersonId)) || '—'
        ) : (
          <PersonPicker
            value={x.leaderPersonId}
            initialLabel={x.leaderPersonId ? names.get(x.leaderPersonId) : null}
            onChange={(v) => update(i, { leaderPersonId: v })}
            style={{ width: '100%', minWidth: 0 }}
            data-testid="draft-leader"
          />
        ),
    },
    {
      key: 'leadDepartment',
      title: t('ledger.field.leadDepartment'),
      width: 180,
      render: (_: unknown, x, i) =>
        ro ? (
          (x.leadDepartmentId && unitNames.get(x.leadDepartmentId)) || '—'
        ) : (
          <OrgUnitTreeSelect value={x.leadDepartmentId} kinds={DEPARTMENT_KINDS} onChange={(v) => update(i, { leadDepartmentId: v })} style={{ width: '100%', minWidth: 0 }} data-testid="draft-lead-department" />
        ),
    },
    {
      key: 'owners',
      title: t('ledger.field.owners'),
      width: 260,
      render: (_: unknown, x, i) => (
        <>
          <MultiPersonPicker
            value={x.owners.map((o) => o.personId)}
            names={names}
            disabled={ro}
            onChange={(ids) => update(i, { owners: ids.map((pid) => x.owners.find((o) => o.personId === pid) ?? { personId: pid, orgUnitId: null }) })}
            data-testid="draft-owners"
          />
          {x.suggestion.ownerKeywords.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('ledger.draft.suggestedRoles', { roles: x.suggestion.ownerKeywords.join('、') })}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      key: 'cooperating',
      title: t('ledger.field.cooperating'),
      width: 200,
      render: (_: unknown, x, i) => (
        <DepartmentsSelect value={x.cooperatingDepartmentIds} disabled={ro} onChange={(ids) => update(i, { cooperatingDepartmentIds: ids })} data-testid="draft-cooperating" />
      ),
    },
    {
      key: 'target',
      title: t('ledger.field.target'),
      width: 200,
      render: (_: unknown, x, i) => (
        <Input.TextArea value={x.target ?? ''} disabled={ro} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(e) => update(i, { target: e.target.value || null })} data-testid="draft-target" />
      ),
    },
    {
      key: 'remarks',
      title: t('ledger.field.remarks'),
      width: 160,
      render: (_: unknown, x, i) => (
        <Input.TextArea value={x.remarks ?? ''} disabled={ro} maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} onChange={(e) => update(i, { remarks: e.target.value || null })} data-testid="draft-remarks" />
      ),
    },
  ];

  return (
    <div className="page" data-testid="draft-page">
      <div className="page-header">
        <Space wrap align="center">
          <Link to={`/reports/${report.id}`}>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('ledger.draft.backToReview')} />
          </Link>
          <Typography.Title level={3}>{t('ledger.draft.title')}</Typography.Title>
          <Typography.Text type="secondary">{report.title}</Typography.Text>
        </Space>
        {draft && !ro ? (
          <Space wrap>
            {dirty ? (
              <Tag color="orange" data-testid="draft-dirty">
                {t('ledger.draft.dirty')}
              </Tag>
            ) : null}
            <Button icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="draft-save">
              {t('ledger.draft.save')}
            </Button>
            <Button type="primary" icon={<CheckCircleOutlined />} disabled={included === 0} loading={commit.isPending} onClick={onCommit} data-testid="draft-commit">
              {t('ledger.draft.commit')}
            </Button>
          </Space>
        ) : null}
      </div>
      {ro ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('ledger.draft.committed')}
          description={
            <span data-testid="draft-committed">
              {t('ledger.draft.readOnly', { at: dayjs(report.ledgerCommittedAt).format('YYYY-MM-DD HH:mm') })}{' '}
              <span data-testid="draft-committed-count">{t('ledger.draft.committedCount', { count: createdCount ?? ledger.data?.total ?? 0 })}</span>
            </span>
          }
        />
      ) : (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Form.Item label={t('ledger.draft.basis')}>
              <Radio.Group value={basis} onChange={(e) => setBasis(e.target.value as DraftBasis)} data-testid="draft-basis">
                <Radio value="measure" data-testid="draft-basis-measure">
                  {t('ledger.draft.basisMeasure')}
                </Radio>
                <Radio value="problem" data-testid="draft-basis-problem">
                  {t('ledger.draft.basisProblem')}
                </Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={t('ledger.draft.baseDate')}>
              <DatePicker value={baseDate} allowClear={false} onChange={(d) => d && setBaseDate(d)} data-testid="draft-base-date" />
            </Form.Item>
            <Form.Item>
              <Button type={draft ? 'default' : 'primary'} icon={draft ? <ReloadOutlined /> : <ThunderboltOutlined />} loading={generate.isPending} onClick={onGenerate} data-testid="draft-generate">
                {draft ? t('ledger.draft.regenerate') : t('ledger.draft.generate')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
      {ro ? <CommittedItems items={ledger.data?.items ?? []} loading={ledger.isFetching} /> : null}
      {draft ? (
        <>
          {ro ? <Typography.Title level={5}>{t('ledger.draft.title')}</Typography.Title> : null}
          {!ro && items.some((x) => x.include && !x.problem.trim()) ? (
            <Alert type="warning" showIcon message={t('ledger.draft.problemRequired')} style={{ marginBottom: 12 }} data-testid="draft-missing-problem" />
          ) : null}
          <Typography.Paragraph type="secondary" data-testid="draft-included">
            {t('ledger.draft.included', { included, total: items.length })}
          </Typography.Paragraph>
          <Table<DraftItem>
            rowKey="id"
            size="small"
            className="draft-table"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(x) => ({ 'data-testid': 'draft-row', 'data-draft-id': x.id }) as React.HTMLAttributes<HTMLElement>}
            data-testid="draft-table"
          />
        </>
      ) : (
        <Empty description={<span data-testid="draft-empty">{t('ledger.draft.emptyHint')}</span>} />
      )}
    </div>
  );
}

function CommittedItems({ items, loading }: { items: LedgerItem[]; loading: boolean }) {
  const { t } = useTranslation();
  const columns: TableProps<LedgerItem>['columns'] = [
    { key: 'n', title: '#', width: 48, render: (_: unknown, _x, i) => i + 1 },
    { key: 'problem', title: t('ledger.field.problem'), dataIndex: 'problem', render: (v: string) => <Clipped text={v} /> },
    { key: 'measure', title: t('ledger.field.measure'), dataIndex: 'measure', render: (v: string | null) => <Clipped text={v ?? '—'} /> },
    { key: 'type', title: t('ledger.field.type'), dataIndex: 'type', render: (v: LedgerItem['type']) => t(`ledger.type.${v}`) },
    { key: 'orgUnit', title: t('ledger.field.orgUnit'), dataIndex: 'orgUnitName' },
    { key: 'owner', title: t('ledger.field.owner'), dataIndex: 'ownerName', render: (v: string | null) => v ?? '—' },
    { key: 'leader', title: t('ledger.field.leader'), dataIndex: 'leaderName', render: (v: string | null) => v ?? '—' },
    { key: 'dept', title: t('ledger.field.leadDepartment'), dataIndex: 'leadDepartmentName', render: (v: string | null) => v ?? '—' },
    { key: 'deadline', title: t('ledger.field.deadline'), dataIndex: 'deadline', render: (v: string | null) => v ?? '—' },
    {
      key: 'status',
      title: t('ledger.field.status'),
      dataIndex: 'status',
      render: (v: string) => <Tag>{v in STATUS_KEYS ? t(`ledger.status.${v as keyof typeof STATUS_KEYS}`) : v}</Tag>,
    },
  ];
  return (
    <Card size="small" title={t('ledger.items')} style={{ marginBottom: 16 }}>
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={{ pageSize: 20, size: 'small', showTotal: (total) => t('common.total', { count: total }) }}
        scroll={{ x: 'max-content' }}
        onRow={() => ({ 'data-testid': 'ledger-item-row' }) as React.HTMLAttributes<HTMLElement>}
        data-testid="ledger-items"
      />
    </Card>
  );
}

/** Long text cut to one line, whole in a tooltip. */
function Clipped({ text }: { text: string }) {
  return (
    <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: 260 }}>
      {text}
    </Typography.Text>
  );
}

const STATUS_KEYS = { not_started: 1, in_progress: 1, awaiting_review: 1, signed_off: 1 } as const;
