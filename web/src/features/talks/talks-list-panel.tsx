import { DatePicker, Select, Table, Typography, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listPagination } from '../../components/list-pagination';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import { ErrorResult } from '../../components/result-pages';
import { useUrlParams } from '../../components/use-url-params';
import { ConcernTag, TalkKindTag, useTalkOptions } from './talk-labels';
import { useTalks, type TalkListItem } from './talks-api';

/** Talks with filters kept in the URL (unit, person, talker, period, kind, concern); never the notes. */
export function TalksListPanel({ canFilterUnit }: { canFilterUnit: boolean }) {
  const { t } = useTranslation();
  const options = useTalkOptions();
  const { params, page, pageSize, update } = useUrlParams();
  const query = {
    orgUnitId: params.get('unit') ?? undefined,
    personId: params.get('person') ?? undefined,
    talkerPersonId: params.get('talker') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    kind: params.get('kind') ?? undefined,
    concern: params.get('concern') ?? undefined,
    page,
    pageSize,
  };
  const list = useTalks(query);
  if (list.error && !list.data) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const names = (ps: TalkListItem['talkers']) => ps.map((p) => p.name).join('、');

  const columns: TableProps<TalkListItem>['columns'] = [
    {
      key: 'heldOn',
      title: t('talks.field.heldOn'),
      dataIndex: 'heldOn',
      width: 110,
      render: (d: string, r) => (
        <Link to={`/talks/record/${r.id}`} data-testid="talk-row-link">
          {d}
        </Link>
      ),
    },
    { key: 'talkees', title: t('talks.field.talkees'), render: (_: unknown, r) => names(r.talkees) },
    { key: 'talkers', title: t('talks.field.talkers'), render: (_: unknown, r) => names(r.talkers) },
    { key: 'kind', title: t('talks.field.kind'), dataIndex: 'kind', render: (k: TalkListItem['kind']) => <TalkKindTag kind={k} /> },
    { key: 'unit', title: t('talks.field.unit'), dataIndex: 'orgUnitName' },
    {
      key: 'concerns',
      title: t('talks.field.concerns'),
      render: (_: unknown, r) =>
        r.concernCategories === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          r.concernCategories.map((c) => <ConcernTag key={c} category={c} />)
        ),
    },
    { key: 'place', title: t('talks.field.place'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
  ];

  const from = params.get('from');
  const to = params.get('to');
  return (
    <div data-testid="talks-list-panel">
      <div className="filter-bar">
        {canFilterUnit ? <OrgUnitTreeSelect value={params.get('unit')} onChange={(v) => update({ unit: v })} placeholder={t('talks.filter.unit')} data-testid="talks-filter-unit" /> : null}
        <PersonPicker value={params.get('person')} onChange={(v) => update({ person: v })} placeholder={t('talks.filter.person')} data-testid="talks-filter-person" />
        <PersonPicker value={params.get('talker')} onChange={(v) => update({ talker: v })} placeholder={t('talks.filter.talker')} data-testid="talks-filter-talker" />
        <DatePicker.RangePicker
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD') ?? null, to: r?.[1]?.format('YYYY-MM-DD') ?? null })}
          data-testid="talks-filter-period"
        />
        <Select allowClear value={params.get('kind') ?? undefined} onChange={(v) => update({ kind: v })} options={options.kind} placeholder={t('talks.field.kind')} data-testid="talks-filter-kind" />
        <Select allowClear value={params.get('concern') ?? undefined} onChange={(v) => update({ concern: v })} options={options.concern} placeholder={t('talks.filter.concern')} data-testid="talks-filter-concern" />
      </div>
      <Table
        size="small"
        rowKey="id"
        dataSource={list.data?.items ?? []}
        columns={columns}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={listPagination(t, { page, pageSize, total: list.data?.total ?? 0 })}
        onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize === 20 ? null : p.pageSize }, false)}
        data-testid="talks-list"
      />
    </div>
  );
}
