import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { applyFieldErrors } from '../../api/errors';
import { PersonPicker } from '../../components/person-picker';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useMe } from '../auth/session';
import { useTalkOptions, type ConcernCategory, type ConcernSeverity, type FollowUpKind, type TalkKind } from './talk-labels';
import { createTalk, TALKS_KEY } from './talks-api';
import './talks.css';

type Values = {
  heldOn: Dayjs;
  place?: string;
  kind: TalkKind;
  talkers: { personId: string | null }[];
  talkees: { personId: string | null }[];
  topics: string[];
  notes?: string;
  concerns: { personId?: string; category: ConcernCategory; severity: ConcernSeverity }[];
  followUps: { kind: FollowUpKind; note: string }[];
};

const KNOWN = ['heldOn', 'place', 'kind', 'talkerPersonIds', 'talkeePersonIds', 'topics', 'notes', 'concerns', 'followUps', 'talkDueId'];

/**
 * Quick entry of a talk, made for a phone: one column, big targets. Prefilled from the URL
 * (?talkee=&talkeeName=&kind=&dueId=) when opened from "my talks due".
 */
export function TalkFormPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const options = useTalkOptions();
  const dueId = params.get('dueId') ?? undefined;
  const talkeeLabel = params.get('talkeeName');

  const initialValues = useMemo<Partial<Values>>(
    () => ({
      heldOn: dayjs(),
      kind: (params.get('kind') as TalkKind | null) ?? (dueId ? 'triggered' : 'routine'),
      talkers: [{ personId: me.personId }],
      talkees: [{ personId: params.get('talkee') }],
      topics: [],
      concerns: [],
      followUps: [],
    }),
    // The URL is read once when the form opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const save = useWriteMutation({
    mutationFn: createTalk,
    invalidate: [TALKS_KEY],
    onSuccess: (talk) => {
      void message.success(t('talks.form.saved'));
      navigate(`/talks/record/${talk.id}`);
    },
    onError: (e) => applyFieldErrors(form, t, e, KNOWN),
  });

  const submit = (v: Values) => {
    const ids = (list: { personId: string | null }[]) => [...new Set(list.map((x) => x.personId).filter((x): x is string => !!x))];
    save.mutate({
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      place: v.place?.trim() || null,
      kind: v.kind,
      talkerPersonIds: ids(v.talkers),
      talkeePersonIds: ids(v.talkees),
      topics: v.topics ?? [],
      notes: v.notes?.trim() || null,
      concerns: (v.concerns ?? []).map((c) => ({ category: c.category, severity: c.severity, personId: c.personId || undefined })),
      followUps: (v.followUps ?? []).filter((f) => f.note?.trim()).map((f) => ({ kind: f.kind, note: f.note.trim() })),
      talkDueId: dueId,
    });
  };

  const personRow = (name: 'talkers' | 'talkees', addLabel: string, testPrefix: string) => (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item
                name={[field.name, 'personId']}
                style={{ flex: 1, marginBottom: 0 }}
                rules={i === 0 ? [{ required: true, message: t('talks.form.personRequired') }] : []}
              >
                <PersonPicker
                  style={{ width: '100%' }}
                  initialLabel={name === 'talkers' && i === 0 ? me.displayName : name === 'talkees' && i === 0 ? talkeeLabel : null}
                  data-testid={`${testPrefix}-${i}`}
                />
              </Form.Item>
              {fields.length > 1 ? <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} /> : null}
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: null })} data-testid={`${testPrefix}-add`}>
            {addLabel}
          </Button>
        </Flex>
      )}
    </Form.List>
  );

  return (
    <div className="page talk-form-page" data-testid="talk-form">
      <div className="page-header">
        <Space align="center">
          <Link to="/talks">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('talks.backToList')} />
          </Link>
          <Typography.Title level={3}>{t('talks.form.title')}</Typography.Title>
        </Space>
      </div>
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={submit} requiredMark="optional" scrollToFirstError>
        <Card size="small" className="talk-form-card">
          <Flex gap={12} wrap>
            <Form.Item name="heldOn" label={t('talks.field.heldOn')} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 150px' }}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                allowClear={false}
                inputReadOnly
                data-testid="talk-held-on"
              />
            </Form.Item>
            <Form.Item name="kind" label={t('talks.field.kind')} style={{ flex: '1 1 150px' }}>
              <Select options={options.kind} data-testid="talk-kind" />
            </Form.Item>
          </Flex>
          <Form.Item name="place" label={t('talks.field.place')}>
            <Input maxLength={100} placeholder={t('talks.form.placePlaceholder')} data-testid="talk-place" />
          </Form.Item>
          <Form.Item label={t('talks.field.talkees')} required>
            {personRow('talkees', t('talks.form.addTalkee'), 'talk-talkee')}
          </Form.Item>
          <Form.Item label={t('talks.field.talkers')} required>
            {personRow('talkers', t('talks.form.addTalker'), 'talk-talker')}
          </Form.Item>
          <Form.Item name="topics" label={t('talks.field.topics')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder={t('talks.form.topicsPlaceholder')} open={false} data-testid="talk-topics" />
          </Form.Item>
          <Form.Item name="notes" label={t('talks.field.notes')} extra={t('talks.form.notesHint')}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20_000} showCount data-testid="talk-notes" />
          </Form.Item>
        </Card>

        <Card size="small" title={t('talks.field.concerns')} className="talk-form-card" data-testid="talk-concerns">
          <Form.List name="concerns">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={8} align="start" wrap data-testid="talk-concern-row">
                    <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 140px', marginBottom: 0 }}>
                      <Select options={options.concern} placeholder={t('talks.field.concernCategory')} data-testid="talk-concern-category" id={`talk-concern-category-${i}`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'severity']} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '1 1 100px', marginBottom: 0 }}>
                      <Select options={options.severity} placeholder={t('talks.field.severity')} data-testid="talk-concern-severity" id={`talk-concern-severity-${i}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} data-testid="talk-concern-remove" />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ severity: 'medium' })} data-testid="talk-concern-add">
                  {t('talks.form.addConcern')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('talks.field.followUps')} className="talk-form-card" data-testid="talk-follow-ups">
          <Form.List name="followUps">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start" wrap>
                    <Form.Item name={[field.name, 'kind']} style={{ flex: '1 1 120px', marginBottom: 0 }}>
                      <Select options={options.followUp} data-testid="talk-follow-up-kind" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'note']} rules={[{ required: true, message: t('common.required') }]} style={{ flex: '3 1 180px', marginBottom: 0 }}>
                      <Input maxLength={500} placeholder={t('talks.form.followUpPlaceholder')} data-testid="talk-follow-up-note" />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'care', note: '' })} data-testid="talk-follow-up-add">
                  {t('talks.form.addFollowUp')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>

        <div className="talk-form-actions">
          <Button type="primary" htmlType="submit" size="large" block loading={save.isPending} data-testid="talk-submit">
            {t('talks.form.submit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
