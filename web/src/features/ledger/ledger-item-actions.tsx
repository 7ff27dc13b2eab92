import { Button, DatePicker, Form, Input, Modal, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonTestId } from '../../components/test-id';
import type { LedgerItemDetail } from './ledger-api';
import { useLedgerOptions } from './ledger-labels';
import type { ItemAction } from './ledger-rules';

export { allowedActions, type ItemAction } from './ledger-rules';

export type ActionInput = { action: ItemAction; note: string | null; completedOn?: string; rating?: 'good' | 'fair' | 'average' | 'poor' };

// Actions that ask for text first; 开始整改 goes straight through.
const NEEDS_FORM: readonly ItemAction[] = ['awaiting_review', 'reviewed', 'signed_off', 'returned', 'recheck', 'check_in'];

type FormValues = { note?: string; completedOn?: Dayjs; rating?: ActionInput['rating'] };

/** The action buttons of an item page and the small form each one needs (note, completion date, rating). */
export function ItemActions({ item, actions, busy, onRun }: { item: LedgerItemDetail; actions: ItemAction[]; busy: boolean; onRun: (input: ActionInput) => Promise<boolean> }) {
  const { t } = useTranslation();
  const options = useLedgerOptions();
  const [open, setOpen] = useState<ItemAction | null>(null);
  const [form] = Form.useForm<FormValues>();

  const start = (action: ItemAction) => {
    if (!NEEDS_FORM.includes(action)) return void onRun({ action, note: null });
    form.resetFields();
    form.setFieldsValue({ note: action === 'awaiting_review' ? (item.progressNote ?? '') : '', completedOn: dayjs(), rating: undefined });
    setOpen(action);
  };
  const submit = async () => {
    if (!open) return;
    const v = await form.validateFields();
    const note = v.note?.trim() ? v.note.trim() : null;
    const ok = await onRun({
      action: open,
      note,
      completedOn: open === 'awaiting_review' && v.completedOn ? v.completedOn.format('YYYY-MM-DD') : undefined,
      rating: v.rating,
    });
    if (ok) setOpen(null);
  };

  const noteRequired = open === 'returned' || open === 'check_in' || (open === 'awaiting_review' && !item.progressNote);
  const noteLabel = open === 'returned' ? t('ledgerViews.action.returnReason') : open === 'awaiting_review' ? t('ledgerViews.action.progressNote') : t('ledgerViews.action.comment');

  if (actions.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="ledger-item-actions">
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'returned' ? 'default' : 'primary'}
            danger={a === 'returned'}
            loading={busy && open === null}
            onClick={() => start(a)}
            data-testid={`ledger-item-action-${a}`}
          >
            {t(`ledgerViews.action.${a}`)}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`ledgerViews.action.${open}`) : ''}
        onCancel={() => setOpen(null)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={buttonTestId('ledger-action-ok')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {open === 'recheck' ? (
            <Form.Item name="rating" label={t('ledgerViews.recheck.rating')} rules={[{ required: true, message: t('ledgerViews.recheck.ratingRequired') }]}>
              <Radio.Group optionType="button" options={options.rating} data-testid="ledger-action-rating" />
            </Form.Item>
          ) : null}
          {open === 'awaiting_review' ? (
            <Form.Item name="completedOn" label={t('ledgerViews.action.completedOn')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} data-testid="ledger-action-completed-on" />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label={noteLabel} rules={noteRequired ? [{ required: true, whitespace: true, message: t('ledgerViews.action.noteRequired') }] : []}>
            <Input.TextArea rows={4} maxLength={20_000} data-testid="ledger-action-note" />
          </Form.Item>
          {open === 'awaiting_review' && item.evidence.length === 0 ? <div className="ledger-hint">{t('ledgerViews.action.evidenceFirst')}</div> : null}
        </Form>
      </Modal>
    </>
  );
}
