import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../api/errors';
import { buttonTestId } from '../../components/test-id';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useTalkOptions, type ConcernCategory, type ConcernSeverity, type FollowUpKind } from './talk-labels';
import { TALKS_KEY, updateTalk, type Talk } from './talks-api';

type Values = {
  heldOn: Dayjs;
  place?: string | null;
  topics: string[];
  notes?: string | null;
  concerns: { personId: string; category: ConcernCategory; severity: ConcernSeverity }[];
  followUps: { kind: FollowUpKind; note: string }[];
};

const KNOWN = ['heldOn', 'place', 'topics', 'notes', 'concerns', 'followUps'];

/** Changes a talk the caller may edit (talker or secretary above), carrying its version. */
export function TalkEditModal({ talk, open, onClose }: { talk: Talk; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const options = useTalkOptions();
  const talkees = talk.talkees.map((p) => ({ value: p.personId, label: p.name }));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      heldOn: dayjs(talk.heldOn),
      place: talk.place,
      topics: talk.topics ?? [],
      notes: talk.notes,
      concerns: talk.concerns ?? [],
      followUps: talk.followUps.map((f) => ({ kind: f.kind, note: f.note })),
    });
  }, [open, talk, form]);

  const save = useWriteMutation({
    mutationFn: (v: Values) =>
      updateTalk(talk.id, {
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        place: v.place?.trim() || null,
        topics: v.topics ?? [],
        notes: v.notes?.trim() || null,
        concerns: (v.concerns ?? []).map((c) => ({ personId: c.personId, category: c.category, severity: c.severity })),
        followUps: (v.followUps ?? []).filter((f) => f.note?.trim()).map((f) => ({ kind: f.kind, note: f.note.trim() })),
        version: talk.version,
      }),
    invalidate: [TALKS_KEY],
    successMessage: t('common.saved'),
    onSuccess: onClose,
    onError: (e) => applyFieldErrors(form, t, e, KNOWN),
  });

  return (
    <Modal
      open={open}
      title={t('talks.detail.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ ...buttonTestId('talk-edit-submit'), loading: save.isPending }}
      width={640}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="talk-edit-form">
        <Flex gap={12} wrap>
          <Form.Item name="heldOn" label={t('talks.field.heldOn')} rules={[{ required: true }]} style={{ flex: '1 1 150px' }}>
            <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="place" label={t('talks.field.place')} style={{ flex: '2 1 200px' }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item name="topics" label={t('talks.field.topics')}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
        </Form.Item>
        <Form.Item name="notes" label={t('talks.field.notes')}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20_000} data-testid="talk-edit-notes" />
        </Form.Item>
        <Form.Item label={t('talks.field.concerns')}>
          <Form.List name="concerns">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} wrap align="start">
                    <Form.Item name={[field.name, 'personId']} rules={[{ required: true }]} style={{ flex: '1 1 100px', marginBottom: 0 }}>
                      <Select options={talkees} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 120px', marginBottom: 0 }}>
                      <Select options={options.concern} placeholder={t('talks.field.concernCategory')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'severity']} rules={[{ required: true }]} style={{ flex: '1 1 80px', marginBottom: 0 }}>
                      <Select options={options.severity} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: talk.talkees[0]?.personId, severity: 'medium' })}>
                  {t('talks.form.addConcern')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('talks.field.followUps')}>
          <Form.List name="followUps">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} wrap align="start">
                    <Form.Item name={[field.name, 'kind']} style={{ flex: '1 1 120px', marginBottom: 0 }}>
                      <Select options={options.followUp} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'note']} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '3 1 180px', marginBottom: 0 }}>
                      <Input maxLength={500} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'care', note: '' })}>
                  {t('talks.form.addFollowUp')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}
