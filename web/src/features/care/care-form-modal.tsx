import { DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CARE_KINDS } from '../../../../src/contracts/care';
import { applyFieldErrors } from '../../api/errors';
import { buttonTestId } from '../../components/test-id';
import { PersonPicker } from '../../components/person-picker';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useMe } from '../auth/session';
import { FOCUS_KEY } from '../focus/focus-api';
import { CARE_KEY, createCare, type CareRecord } from './care-api';

type CareKind = (typeof CARE_KINDS)[number];
type Values = {
  personId: string | null;
  kind: CareKind;
  description: string;
  amountYuan?: number | null;
  givenByPersonId: string | null;
  givenOn: Dayjs;
  followUpOn?: Dayjs | null;
};

type Props = {
  open: boolean;
  onClose: () => void;
  /** The person cared for; when absent the form asks for one. */
  person?: { id: string; name: string } | null;
  talkId?: string | null;
  focusFileId?: string | null;
  onSaved?: (r: CareRecord) => void;
};

const KNOWN = ['personId', 'kind', 'description', 'amountYuan', 'givenByPersonId', 'givenOn', 'followUpOn'];

export function useCareKindOptions() {
  const { t } = useTranslation();
  return useMemo(() => CARE_KINDS.map((k) => ({ value: k, label: t(`talks.care.kind.${k}`) })), [t]);
}

/** Records care (关心关爱) from the person page, a talk follow-up or a focus file. */
export function CareFormModal({ open, onClose, person, talkId, focusFileId, onSaved }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const kinds = useCareKindOptions();

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ personId: person?.id ?? null, kind: 'visit_ill', givenByPersonId: me.personId, givenOn: dayjs(), followUpOn: null });
    }
  }, [open, person?.id, me.personId, form]);

  const save = useWriteMutation({
    mutationFn: createCare,
    invalidate: [CARE_KEY, FOCUS_KEY],
    successMessage: t('talks.care.saved'),
    onSuccess: (r) => {
      onSaved?.(r);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, t, e, KNOWN),
  });

  const submit = (v: Values) =>
    save.mutate({
      personId: v.personId!,
      kind: v.kind,
      description: v.description,
      amountYuan: v.amountYuan ?? null,
      givenByPersonId: v.givenByPersonId!,
      givenOn: v.givenOn.format('YYYY-MM-DD'),
      followUpOn: v.followUpOn ? v.followUpOn.format('YYYY-MM-DD') : null,
      talkId: talkId ?? null,
      focusFileId: focusFileId ?? null,
    });

  return (
    <Modal
      open={open}
      title={t('talks.care.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ ...buttonTestId('care-submit'), loading: save.isPending }}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="care-form">
        {person ? (
          <Typography.Paragraph>
            {t('talks.care.person')}: <strong data-testid="care-person-name">{person.name}</strong>
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="personId" label={t('talks.care.person')} rules={[{ required: true, message: t('common.required') }]} hidden={!!person}>
          <PersonPicker style={{ width: '100%' }} data-testid="care-person" />
        </Form.Item>
        <Form.Item name="kind" label={t('talks.care.kindLabel')} rules={[{ required: true }]}>
          <Select options={kinds} data-testid="care-kind" />
        </Form.Item>
        <Form.Item name="description" label={t('talks.care.description')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid="care-description" />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('talks.care.amount')}>
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="care-amount" />
        </Form.Item>
        <Form.Item name="givenByPersonId" label={t('talks.care.givenBy')} rules={[{ required: true, message: t('common.required') }]}>
          <PersonPicker style={{ width: '100%' }} initialLabel={me.displayName} data-testid="care-given-by" />
        </Form.Item>
        <Form.Item name="givenOn" label={t('talks.care.givenOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="care-given-on" />
        </Form.Item>
        <Form.Item name="followUpOn" label={t('talks.care.followUpOn')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="care-follow-up-on" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
