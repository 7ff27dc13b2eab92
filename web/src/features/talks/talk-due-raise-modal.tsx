import { Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TALK_TRIGGER_VALUES } from '../../../../src/contracts/talks';
import { applyFieldErrors } from '../../api/errors';
import { PersonPicker } from '../../components/person-picker';
import { buttonTestId } from '../../components/test-id';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useTalkOptions } from './talk-labels';
import { raiseTalkDue, TALKS_KEY, type TalkDue } from './talks-api';

type Values = { personId: string | null; trigger: (typeof TALK_TRIGGER_VALUES)[number]; reason?: string; dueInDays: number };

/** Raises a triggered talk (六必谈): the server assigns the talker by the rules and sets the due date. */
export function TalkDueRaiseModal({ open, onClose, onRaised }: { open: boolean; onClose: () => void; onRaised?: (d: TalkDue) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const options = useTalkOptions();
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ trigger: 'post_change', dueInDays: 7, personId: null });
    }
  }, [open, form]);
  const save = useWriteMutation({
    mutationFn: raiseTalkDue,
    invalidate: [TALKS_KEY],
    onSuccess: (d) => {
      onRaised?.(d);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, t, e, ['personId', 'trigger', 'reason', 'dueInDays']),
  });
  return (
    <Modal
      open={open}
      title={t('talks.raise.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('talks.raise.submit')}
      okButtonProps={{ ...buttonTestId('talk-due-submit'), loading: save.isPending }}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('talks.raise.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate({ personId: v.personId!, trigger: v.trigger, reason: v.reason?.trim() || null, dueInDays: v.dueInDays })}
        data-testid="talk-due-form"
      >
        <Form.Item name="personId" label={t('talks.raise.person')} rules={[{ required: true, message: t('common.required') }]}>
          <PersonPicker style={{ width: '100%' }} data-testid="talk-due-person" />
        </Form.Item>
        <Form.Item name="trigger" label={t('talks.raise.trigger')} rules={[{ required: true }]}>
          <Select options={options.trigger} data-testid="talk-due-trigger" />
        </Form.Item>
        <Form.Item name="reason" label={t('talks.raise.reason')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} data-testid="talk-due-reason" />
        </Form.Item>
        <Form.Item name="dueInDays" label={t('talks.raise.dueInDays')}>
          <InputNumber min={1} max={90} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
