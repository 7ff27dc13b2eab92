import { CheckOutlined } from '@ant-design/icons';
import { Button, Table, Tag, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWriteMutation } from '../../components/use-write-mutation';
import { CARE_KEY, updateCare, type CareRecord } from './care-api';

type Props = {
  items: CareRecord[];
  loading?: boolean;
  pagination?: TableProps<CareRecord>['pagination'];
  onChange?: TableProps<CareRecord>['onChange'];
  /** Show the person column (off on the person's own page). */
  showPerson?: boolean;
  /** Whether the follow-up can be marked done here. */
  canWrite?: boolean;
  testId?: string;
};

/** Care records with their follow-up dates; a due follow-up can be marked done (followUpOn → null). */
export function CareTable({ items, loading, pagination = false, onChange, showPerson = true, canWrite = false, testId = 'care-list' }: Props) {
  const { t } = useTranslation();
  const done = useWriteMutation({
    mutationFn: (r: CareRecord) => updateCare(r.id, { followUpOn: null, version: r.version }),
    invalidate: [CARE_KEY],
    successMessage: t('talks.care.followUpDone'),
  });
  const columns: TableProps<CareRecord>['columns'] = [
    ...(showPerson
      ? [
          {
            key: 'person',
            title: t('talks.care.person'),
            dataIndex: 'personName',
            render: (name: string, r: CareRecord) => <Link to={`/people/${r.personId}`}>{name}</Link>,
          },
        ]
      : []),
    { key: 'givenOn', title: t('talks.care.givenOn'), dataIndex: 'givenOn', width: 110 },
    { key: 'kind', title: t('talks.care.kindLabel'), dataIndex: 'kind', render: (k: CareRecord['kind']) => <Tag color="magenta">{t(`talks.care.kind.${k}`)}</Tag> },
    {
      key: 'description',
      title: t('talks.care.description'),
      dataIndex: 'description',
      render: (d: string, r) => (
        <span>
          {d}
          {r.amountYuan != null ? <Typography.Text type="secondary">{` (${t('talks.care.amountValue', { amount: r.amountYuan })})`}</Typography.Text> : null}
        </span>
      ),
    },
    { key: 'givenBy', title: t('talks.care.givenBy'), dataIndex: 'givenByName', render: (v: string | null) => v ?? '—' },
    {
      key: 'followUpOn',
      title: t('talks.care.followUpOn'),
      dataIndex: 'followUpOn',
      render: (v: string | null, r) =>
        v ? (
          <span>
            <Tag color={r.followUpDue ? 'red' : 'default'} data-testid={r.followUpDue ? 'care-follow-up-due' : undefined}>
              {v}
            </Tag>
            {canWrite && r.followUpDue ? (
              <Button size="small" icon={<CheckOutlined />} loading={done.isPending} onClick={() => done.mutate(r)} data-testid="care-follow-up-done">
                {t('talks.care.markDone')}
              </Button>
            ) : null}
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'links',
      title: t('talks.care.source'),
      render: (_: unknown, r) => (
        <span>
          {r.talkId ? <Link to={`/talks/record/${r.talkId}`}>{t('talks.care.fromTalk')}</Link> : null}
          {r.focusFileId ? (
            <>
              {r.talkId ? ' · ' : null}
              <Link to={`/focus/${r.focusFileId}`}>{t('talks.care.fromFocus')}</Link>
            </>
          ) : null}
          {!r.talkId && !r.focusFileId ? '—' : null}
        </span>
      ),
    },
  ];
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={items}
      columns={columns}
      loading={loading}
      pagination={pagination}
      onChange={onChange}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
    />
  );
}
