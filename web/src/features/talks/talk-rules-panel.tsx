import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Popconfirm, Select, Switch, Table, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasErrorCode, isApiError } from '../../api/client';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { ErrorResult } from '../../components/result-pages';
import { useUrlParams } from '../../components/use-url-params';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useTalkOptions } from './talk-labels';
import { putTalkRules, TALKS_KEY, useTalkRules, type TalkRule } from './talks-api';

type Row = TalkRule & { key: string };
let seq = 0;
const withKey = (r: TalkRule): Row => ({ ...r, key: `r${++seq}` });

/** The unit's talk rules (谈心谈话制度) as an editable table; saving an empty list returns to the inherited rules. */
export function TalkRulesPanel() {
  const { t } = useTranslation();
  const options = useTalkOptions();
  const { params, update } = useUrlParams();
  const unitId = params.get('unit');
  const rules = useTalkRules(unitId);
  const [rows, setRows] = useState<Row[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (rules.data) setRows(rules.data.rules.map(withKey));
    setProblem(null);
  }, [rules.data]);

  const save = useWriteMutation({
    mutationFn: (list: TalkRule[]) => putTalkRules({ orgUnitId: unitId!, rules: list, version: rules.data?.version ?? 0 }),
    invalidate: [[...TALKS_KEY, 'rules']],
    successMessage: t('common.saved'),
    onError: (e) => {
      // The server lists every bad rule in its message; show it beside the table.
      if (hasErrorCode(e, 'VALIDATION_FAILED') && isApiError(e)) {
        setProblem(e.message);
        return true;
      }
      return false;
    },
  });

  const set = (key: string, patch: Partial<TalkRule>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const columns: TableProps<Row>['columns'] = [
    { key: 'code', title: t('talks.rules.code'), width: 150, render: (_: unknown, r) => <Input value={r.code} onChange={(e) => set(r.key, { code: e.target.value })} data-testid="rule-code" /> },
    { key: 'name', title: t('talks.rules.name'), width: 220, render: (_: unknown, r) => <Input value={r.name} onChange={(e) => set(r.key, { name: e.target.value })} data-testid="rule-name" /> },
    { key: 'talkerRole', title: t('talks.rules.talkerRole'), render: (_: unknown, r) => <Select value={r.talkerRole} options={options.talkerRole} onChange={(v) => set(r.key, { talkerRole: v })} style={{ minWidth: 140 }} /> },
    { key: 'population', title: t('talks.rules.population'), render: (_: unknown, r) => <Select value={r.population} options={options.population} onChange={(v) => set(r.key, { population: v })} style={{ minWidth: 140 }} /> },
    { key: 'cadence', title: t('talks.rules.cadence'), render: (_: unknown, r) => <Select value={r.cadence} options={options.cadence} onChange={(v) => set(r.key, { cadence: v })} style={{ minWidth: 90 }} /> },
    { key: 'enabled', title: t('talks.rules.enabled'), render: (_: unknown, r) => <Switch checked={r.enabled} onChange={(v) => set(r.key, { enabled: v })} /> },
    {
      key: 'remove',
      render: (_: unknown, r) => <Button type="text" danger icon={<DeleteOutlined />} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={t('common.delete')} />,
    },
  ];
  const strip = (list: Row[]): TalkRule[] => list.map(({ key: _key, ...r }) => r);

  return (
    <div data-testid="talk-rules">
      <div className="filter-bar">
        <OrgUnitTreeSelect value={unitId} onChange={(v) => update({ unit: v })} placeholder={t('talks.filter.unit')} data-testid="rules-unit" />
      </div>
      {!unitId ? (
        <Alert type="info" showIcon title={t('talks.rules.chooseUnit')} />
      ) : rules.error ? (
        <ErrorResult error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <>
          {rules.data ? (
            <Alert
              type={rules.data.isDefault ? 'info' : rules.data.sourceOrgUnitId === unitId ? 'success' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              title={rules.data.isDefault ? t('talks.rules.isDefault') : rules.data.sourceOrgUnitId === unitId ? t('talks.rules.isOwn') : t('talks.rules.isInherited')}
              data-testid="rules-source"
            />
          ) : null}
          {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="rules-problem" /> : null}
          <Table size="small" rowKey="key" dataSource={rows} columns={columns} loading={rules.isFetching} pagination={false} scroll={{ x: 'max-content' }} />
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setRows((rs) => [...rs, withKey({ code: `rule_${rs.length + 1}`, name: '', talkerRole: 'grid_leader', population: 'grid_people', cadence: 'month', enabled: true })])}
              data-testid="rule-add"
            >
              {t('talks.rules.add')}
            </Button>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate(strip(rows))} data-testid="rules-save">
              {t('common.save')}
            </Button>
            {rules.data && rules.data.sourceOrgUnitId === unitId ? (
              <Popconfirm title={t('talks.rules.resetConfirm')} onConfirm={() => save.mutate([])}>
                <Button icon={<UndoOutlined />} data-testid="rules-reset">
                  {t('talks.rules.reset')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('talks.rules.hint')}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
