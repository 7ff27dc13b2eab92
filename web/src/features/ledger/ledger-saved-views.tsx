import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../api/errors';
import { buttonTestId } from '../../components/test-id';
import { useShowError } from '../../components/use-api-error';
import { createSavedView, deleteSavedView, SAVED_VIEWS_KEY, useSavedViews } from './ledger-views-api';

type Props = {
  /** The table's filters and sort as they stand. */
  current: Record<string, string>;
  /** Applies a saved view's query (null clears every filter). */
  onPick: (query: Record<string, string> | null) => void;
};

const sameQuery = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};

/** Saved filter sets of the ledger table, private to the user: pick, save the current filters, delete. */
export function SavedViewsBar({ current, onPick }: Props) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const views = useSavedViews();
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const active = (views.data ?? []).find((v) => sameQuery(v.query, current));

  const save = async () => {
    const { name } = await form.validateFields();
    setBusy(true);
    try {
      await createSavedView({ name: name.trim(), query: current });
      await client.invalidateQueries({ queryKey: SAVED_VIEWS_KEY });
      void message.success(t('ledgerViews.views.saved'));
      setSaving(false);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, t, e, ['name'])) showError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = () => {
    if (!active) return;
    modal.confirm({
      title: t('ledgerViews.views.deleteConfirm', { name: active.name }),
      okText: t('common.delete'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true, ...buttonTestId('ledger-view-delete-ok') },
      onOk: async () => {
        try {
          await deleteSavedView(active.id);
          await client.invalidateQueries({ queryKey: SAVED_VIEWS_KEY });
          void message.success(t('ledgerViews.views.deleted'));
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  return (
    <Space wrap>
      <Select
        allowClear
        value={active?.id}
        placeholder={t('ledgerViews.views.pick')}
        loading={views.isPending}
        options={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
        onChange={(id: string | undefined) => onPick(id ? ((views.data ?? []).find((v) => v.id === id)?.query ?? null) : null)}
        notFoundContent={t('ledgerViews.views.none')}
        style={{ width: 180 }}
        data-testid="ledger-view-select"
      />
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} disabled={Object.keys(current).length === 0} data-testid="ledger-view-save">
        {t('ledgerViews.views.save')}
      </Button>
      {active ? <Button icon={<DeleteOutlined />} danger onClick={remove} aria-label={t('common.delete')} data-testid="ledger-view-delete" /> : null}
      <Modal
        open={saving}
        title={t('ledgerViews.views.saveTitle')}
        onCancel={() => setSaving(false)}
        onOk={() => void save()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={buttonTestId('ledger-view-save-ok')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          <Form.Item
            name="name"
            label={t('ledgerViews.views.name')}
            rules={[
              { required: true, whitespace: true, message: t('ledgerViews.views.nameRequired') },
              { max: 50, message: t('ledgerViews.views.nameTooLong') },
            ]}
          >
            <Input maxLength={50} autoFocus data-testid="ledger-view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
