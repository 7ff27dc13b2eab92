import { DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../api/errors';
import { PersonPicker } from '../../components/person-picker';
import { buttonTestId } from '../../components/test-id';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useMe } from '../auth/session';
import { createFocusFile, FOCUS_KEY, linkFocusTalk, type FocusFileDetail } from './focus-api';
import { useFocusOptions, type FocusReason } from './focus-labels';

type Values = {
  personId: string | null;
  reasonCategory: FocusReason;
  reason: string;
  plan: string;
  ownerPersonId: string | null;
  reviewEveryMonths: number;
  openedOn: Dayjs;
};

type Props = {
  open: boolean;
  onClose: () => void;
  /** Prefilled from a talk: the talkee, the concern and the talk to link. */
  person?: { id: string; name: string } | null;
  reasonCategory?: FocusReason;
  talkId?: string | null;
  onSaved: (f: FocusFileDetail) => void;
};

const KNOWN = ['personId', 'reasonCategory', 'reason', 'plan', 'ownerPersonId', 'reviewEveryMonths', 'openedOn'];

/** Opens a focus-person file (重点人员专档); when opened from a talk, links that talk. */
export function FocusFormModal({ open, onClose, person, reasonCategory, talkId, onSaved }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const options = useFocusOptions();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      personId: person?.id ?? null,
      reasonCategory: reasonCategory ?? 'psychological',
      ownerPersonId: me.personId,
      reviewEveryMonths: 1,
      openedOn: dayjs(),
    });
  }, [open, person?.id, reasonCategory, me.personId, form]);

  const save = useWriteMutation({
    mutationFn: async (body: Parameters<typeof createFocusFile>[0]) => {
      const created = await createFocusFile(body);
      return talkId ? linkFocusTalk(created.id, talkId) : created;
    },
    invalidate: [FOCUS_KEY],
    successMessage: t('talks.focus.opened'),
    onSuccess: (f) => {
      onClose();
      onSaved(f);
    },
    onError: (e) => applyFieldErrors(form, t, e, KNOWN),
  });

  const submit = (v: Values) =>
    save.mutate({
      personId: v.personId!,
      reasonCategory: v.reasonCategory,
      reason: v.reason,
      plan: v.plan,
      ownerPersonId: v.ownerPersonId!,
      reviewEveryMonths: v.reviewEveryMonths,
      openedOn: v.openedOn.format('YYYY-MM-DD'),
    });

  return (
    <Modal
      open={open}
      title={t('talks.focus.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('talks.focus.openFile')}
      okButtonProps={{ ...buttonTestId('focus-submit'), loading: save.isPending }}
      forceRender
    >
      <Typography.Paragraph type="warning">{t('talks.focus.confidential')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="focus-form">
        {person ? (
          <Typography.Paragraph>
            {t('talks.focus.person')}: <strong data-testid="focus-person-name">{person.name}</strong>
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="personId" label={t('talks.focus.person')} rules={[{ required: true, message: t('common.required') }]} hidden={!!person}>
          <PersonPicker style={{ width: '100%' }} data-testid="focus-person" />
        </Form.Item>
        <Form.Item name="reasonCategory" label={t('talks.focus.reasonCategory')} rules={[{ required: true }]}>
          <Select options={options.reason} data-testid="focus-reason-category" />
        </Form.Item>
        <Form.Item name="reason" label={t('talks.focus.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="focus-reason" />
        </Form.Item>
        <Form.Item name="plan" label={t('talks.focus.plan')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="focus-plan" />
        </Form.Item>
        <Form.Item name="ownerPersonId" label={t('talks.focus.owner')} rules={[{ required: true, message: t('common.required') }]}>
          <PersonPicker style={{ width: '100%' }} initialLabel={me.displayName} data-testid="focus-owner" />
        </Form.Item>
        <Form.Item name="reviewEveryMonths" label={t('talks.focus.reviewCadence')}>
          <Select options={options.cadence} data-testid="focus-review-cadence" />
        </Form.Item>
        <Form.Item name="openedOn" label={t('talks.focus.openedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}
