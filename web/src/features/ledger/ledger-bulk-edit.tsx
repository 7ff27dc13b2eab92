import { CalendarOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Modal, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasErrorCode } from '../../api/client';
import { PersonPicker } from '../../components/person-picker';
import { buttonTestId } from '../../components/test-id';
import { useShowError } from '../../components/use-api-error';
import { LEDGER_KEY, type LedgerItem } from './ledger-api';
import { conflictIdsOf } from './ledger-rules';
import { bulkEditLedgerItems } from './ledger-views-api';

type Field = 'owner' | 'deadline';
type Props = { selected: LedgerItem[]; onDone: () => void };

/** Sets the owner or the deadline of the selected rows in one write; a conflict names the rows that changed. */
export function BulkEditBar({ selected, onDone }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [field, setField] = useState<Field | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  if (selected.length === 0) return null;

  const reload = () => client.invalidateQueries({ queryKey: LEDGER_KEY });
  const submit = async () => {
    if (field === 'owner' && !ownerId) return void message.warning(t('ledgerViews.bulk.pickOwner'));
    if (field === 'deadline' && !deadline) return void message.warning(t('ledgerViews.bulk.pickDeadline'));
    setBusy(true);
    try {
      const set = field === 'owner' ? { ownerPersonId: ownerId } : { deadline: deadline!.format('YYYY-MM-DD') };
      const res = await bulkEditLedgerItems({ items: selected.map((i) => ({ id: i.id, version: i.version })), set });
      void message.success(t('ledgerViews.bulk.done', { count: res.updated }));
      setField(null);
      onDone();
      await reload();
    } catch (e) {
      if (hasErrorCode(e, 'VERSION_CONFLICT')) {
        const ids = new Set(conflictIdsOf(e));
        const changed = selected.filter((i) => ids.has(i.id));
        setField(null);
        modal.warning({
          title: t('ledgerViews.bulk.conflictTitle'),
          content: (
            <div data-testid="ledger-bulk-conflict">
              <Typography.Paragraph>{t('ledgerViews.bulk.conflictHint', { count: changed.length || ids.size })}</Typography.Paragraph>
              <ul className="ledger-conflict-list">
                {changed.map((i) => (
                  <li key={i.id} data-testid="ledger-bulk-conflict-row">
                    {i.problem.length > 60 ? `${i.problem.slice(0, 60)}…` : i.problem}
                  </li>
                ))}
              </ul>
            </div>
          ),
          okText: t('reports.review.conflictReload'),
          okButtonProps: buttonTestId('ledger-bulk-conflict-ok'),
          onOk: async () => {
            onDone();
            await reload();
          },
        });
      } else {
        showError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ledger-bulk-bar" data-testid="ledger-bulk-bar">
      <Space wrap>
        <Typography.Text strong data-testid="ledger-bulk-count">
          {t('ledgerViews.bulk.selected', { count: selected.length })}
        </Typography.Text>
        <Button icon={<UserSwitchOutlined />} onClick={() => setField('owner')} data-testid="ledger-bulk-owner">
          {t('ledgerViews.bulk.setOwner')}
        </Button>
        <Button icon={<CalendarOutlined />} onClick={() => setField('deadline')} data-testid="ledger-bulk-deadline">
          {t('ledgerViews.bulk.setDeadline')}
        </Button>
        <Button type="link" onClick={onDone} data-testid="ledger-bulk-clear">
          {t('ledgerViews.bulk.clear')}
        </Button>
      </Space>
      <Modal
        open={field !== null}
        title={field === 'owner' ? t('ledgerViews.bulk.setOwner') : t('ledgerViews.bulk.setDeadline')}
        onCancel={() => setField(null)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={buttonTestId('ledger-bulk-ok')}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('ledgerViews.bulk.hint', { count: selected.length })} style={{ marginBottom: 12 }} />
        {field === 'owner' ? (
          <PersonPicker value={ownerId} onChange={(v) => setOwnerId(v)} style={{ width: '100%' }} data-testid="ledger-bulk-owner-input" />
        ) : (
          <DatePicker value={deadline} onChange={(d) => setDeadline(d)} style={{ width: '100%' }} data-testid="ledger-bulk-deadline-input" />
        )}
      </Modal>
    </div>
  );
}
