import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, LinkOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Popconfirm, Row, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { applyFieldErrors } from '../../api/errors';
import { ErrorResult } from '../../components/result-pages';
import { buttonTestId } from '../../components/test-id';
import { useWriteMutation } from '../../components/use-write-mutation';
import { useCan, useMe } from '../auth/session';
import { useCareList } from '../care/care-api';
import { CareFormModal } from '../care/care-form-modal';
import { CareTable } from '../care/care-table';
import { useTalks } from '../talks/talks-api';
import { addFamilyContact, addFocusEntry, closeFocusFile, FOCUS_KEY, linkFocusTalk, removeFamilyContact, updateFocusFile, useFocusFile, type FocusFileDetail } from './focus-api';
import { FocusReasonTag, useFocusOptions, type FocusEntryKind, type FocusReason } from './focus-labels';
import { PersonPicker } from '../../components/person-picker';

function EntryModal({ file, open, onClose }: { file: FocusFileDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: FocusEntryKind; on: Dayjs; content: string }>();
  const options = useFocusOptions();
  const save = useWriteMutation({
    mutationFn: (v: { kind: FocusEntryKind; on: string; content: string }) => addFocusEntry(file.id, v),
    invalidate: [FOCUS_KEY],
    successMessage: t('common.saved'),
    onSuccess: () => {
      form.resetFields();
      onClose();
    },
    onError: (e) => applyFieldErrors(form, t, e, ['kind', 'on', 'content']),
  });
  return (
    <Modal open={open} title={t('talks.focus.addEntry')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ ...buttonTestId('focus-entry-submit'), loading: save.isPending }} forceRender>
      <Form form={form} layout="vertical" initialValues={{ kind: 'review', on: dayjs() }} onFinish={(v) => save.mutate({ ...v, on: v.on.format('YYYY-MM-DD') })}>
        <Form.Item name="kind" label={t('talks.focus.entryKindLabel')}>
          <Select options={options.entry} data-testid="focus-entry-kind" />
        </Form.Item>
        <Form.Item name="on" label={t('talks.focus.entryOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly />
        </Form.Item>
        <Form.Item name="content" label={t('talks.focus.entryContent')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="focus-entry-content" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ContactModal({ file, open, onClose }: { file: FocusFileDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; relation: string; phone?: string; note?: string }>();
  const save = useWriteMutation({
    mutationFn: (v: { name: string; relation: string; phone?: string; note?: string }) =>
      addFamilyContact(file.id, { name: v.name, relation: v.relation, phone: v.phone?.trim() || null, note: v.note?.trim() || null }),
    invalidate: [FOCUS_KEY],
    successMessage: t('common.saved'),
    onSuccess: () => {
      form.resetFields();
      onClose();
    },
    onError: (e) => applyFieldErrors(form, t, e, ['name', 'relation', 'phone', 'note']),
  });
  return (
    <Modal open={open} title={t('talks.focus.addContact')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ ...buttonTestId('focus-contact-submit'), loading: save.isPending }} forceRender>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('talks.focus.contactName')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={50} data-testid="focus-contact-name" />
        </Form.Item>
        <Form.Item name="relation" label={t('talks.focus.contactRelation')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={20} data-testid="focus-contact-relation" />
        </Form.Item>
        <Form.Item name="phone" label={t('talks.focus.contactPhone')}>
          <Input inputMode="tel" maxLength={20} data-testid="focus-contact-phone" />
        </Form.Item>
        <Form.Item name="note" label={t('talks.focus.contactNote')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseModal({ file, open, onClose }: { file: FocusFileDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string; closedOn: Dayjs }>();
  const save = useWriteMutation({
    mutationFn: (v: { reason: string; closedOn: string }) => closeFocusFile(file.id, { ...v, version: file.version }),
    invalidate: [FOCUS_KEY],
    successMessage: t('talks.focus.closed'),
    onSuccess: onClose,
    onError: (e) => applyFieldErrors(form, t, e, ['reason', 'closedOn']),
  });
  return (
    <Modal open={open} title={t('talks.focus.close')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ ...buttonTestId('focus-close-submit'), danger: true, loading: save.isPending }} forceRender>
      <Form form={form} layout="vertical" initialValues={{ closedOn: dayjs() }} onFinish={(v) => save.mutate({ reason: v.reason, closedOn: v.closedOn.format('YYYY-MM-DD') })}>
        <Form.Item name="reason" label={t('talks.focus.closeReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} data-testid="focus-close-reason" />
        </Form.Item>
        <Form.Item name="closedOn" label={t('talks.focus.closedOnLabel')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditValues = { reasonCategory: FocusReason; reason: string; plan: string; ownerPersonId: string; reviewEveryMonths: number; nextReviewOn: Dayjs };

/** Reason, plan, owner and review dates: the secretaries above only; carries the version. */
function EditModal({ file, open, onClose }: { file: FocusFileDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const options = useFocusOptions();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      reasonCategory: file.reasonCategory,
      reason: file.reason,
      plan: file.plan,
      ownerPersonId: file.ownerPersonId,
      reviewEveryMonths: file.reviewEveryMonths,
      nextReviewOn: dayjs(file.nextReviewOn),
    });
  }, [open, file, form]);
  const save = useWriteMutation({
    mutationFn: (v: EditValues) => updateFocusFile(file.id, { ...v, nextReviewOn: v.nextReviewOn.format('YYYY-MM-DD'), version: file.version }),
    invalidate: [FOCUS_KEY],
    successMessage: t('common.saved'),
    onSuccess: onClose,
    onError: (e) => applyFieldErrors(form, t, e, ['reasonCategory', 'reason', 'plan', 'ownerPersonId', 'reviewEveryMonths', 'nextReviewOn']),
  });
  return (
    <Modal open={open} title={t('talks.focus.edit')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ ...buttonTestId('focus-edit-submit'), loading: save.isPending }} forceRender>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="reasonCategory" label={t('talks.focus.reasonCategory')}>
          <Select options={options.reason} />
        </Form.Item>
        <Form.Item name="reason" label={t('talks.focus.reason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="plan" label={t('talks.focus.plan')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="focus-edit-plan" />
        </Form.Item>
        <Form.Item name="ownerPersonId" label={t('talks.focus.owner')} rules={[{ required: true, message: t('common.required') }]}>
          <PersonPicker style={{ width: '100%' }} initialLabel={file.ownerName} allowClear={false} />
        </Form.Item>
        <Form.Item name="reviewEveryMonths" label={t('talks.focus.reviewCadence')}>
          <Select options={options.cadence} />
        </Form.Item>
        <Form.Item name="nextReviewOn" label={t('talks.focus.nextReview')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} inputReadOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Talks with the person that can still be linked to the file. */
function LinkTalkButton({ file }: { file: FocusFileDetail }) {
  const { t } = useTranslation();
  const [talkId, setTalkId] = useState<string | null>(null);
  const talks = useTalks({ personId: file.personId, pageSize: 50 });
  const linked = new Set(file.linkedTalks.map((l) => l.id));
  const link = useWriteMutation({
    mutationFn: (id: string) => linkFocusTalk(file.id, id),
    invalidate: [FOCUS_KEY],
    successMessage: t('common.saved'),
    onSuccess: () => setTalkId(null),
  });
  const options = (talks.data?.items ?? [])
    .filter((x) => !linked.has(x.id) && x.talkees.some((p) => p.personId === file.personId))
    .map((x) => ({ value: x.id, label: `${x.heldOn} ${x.talkers.map((p) => p.name).join('、')}` }));
  return (
    <Space.Compact>
      <Select value={talkId ?? undefined} onChange={setTalkId} options={options} placeholder={t('talks.focus.chooseTalk')} style={{ minWidth: 200 }} data-testid="focus-link-talk" />
      <Button icon={<LinkOutlined />} disabled={!talkId} loading={link.isPending} onClick={() => talkId && link.mutate(talkId)}>
        {t('talks.focus.link')}
      </Button>
    </Space.Compact>
  );
}

/** One focus-person file: confidential; every open is audited by the server. */
export function FocusFilePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const canManage = useCan('focus.manage');
  const canCare = useCan('care.write');
  const file = useFocusFile(id);
  const [dialog, setDialog] = useState<'entry' | 'contact' | 'close' | 'care' | 'edit' | null>(null);
  const care = useCareList({ personId: file.data?.personId, pageSize: 100 }, !!file.data && canCare);
  const removeContact = useWriteMutation({
    mutationFn: (contactId: string) => removeFamilyContact(id!, contactId),
    invalidate: [FOCUS_KEY],
    successMessage: t('common.saved'),
  });

  if (file.isPending) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (file.error) return <ErrorResult error={file.error} onRetry={() => void file.refetch()} />;
  const f = file.data;
  const open = !f.closedOn;
  // The owner and the secretaries above record; the inspector only reads.
  const canRecord = open && (canManage || me.personId === f.ownerPersonId);
  const fileCare = (care.data?.items ?? []).filter((c) => c.focusFileId === f.id || !c.focusFileId);

  return (
    <div className="page" data-testid="focus-file">
      <div className="page-header">
        <Space wrap align="center">
          <Link to="/focus">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('talks.focus.back')} />
          </Link>
          <Typography.Title level={3} data-testid="focus-file-person">
            {f.personName}
          </Typography.Title>
          <FocusReasonTag value={f.reasonCategory} />
          {f.closedOn ? <Tag data-testid="focus-file-closed">{t('talks.focus.closedOn', { date: f.closedOn })}</Tag> : null}
          {f.reviewOverdue ? <Tag color="red">{t('talks.focus.reviewOverdue', { date: f.nextReviewOn })}</Tag> : null}
        </Space>
        <Space wrap>
          {canRecord ? (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('entry')} data-testid="focus-entry-new">
              {t('talks.focus.addEntry')}
            </Button>
          ) : null}
          {open && canCare ? (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('care')} data-testid="care-new">
              {t('talks.care.new')}
            </Button>
          ) : null}
          {open && canManage ? (
            <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="focus-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {open && canManage ? (
            <Button danger onClick={() => setDialog('close')} data-testid="focus-close">
              {t('talks.focus.close')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Alert type="error" showIcon icon={<LockOutlined />} title={t('talks.focus.confidentialFile')} className="confidential-banner" data-testid="focus-confidential" />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('talks.focus.summary')}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'unit', label: t('talks.field.unit'), children: f.orgUnitName },
                { key: 'owner', label: t('talks.focus.owner'), children: f.ownerName },
                { key: 'opened', label: t('talks.focus.openedOn'), children: f.openedOn },
                { key: 'cadence', label: t('talks.focus.reviewCadence'), children: t('talks.focus.everyMonths', { count: f.reviewEveryMonths }) },
                { key: 'next', label: t('talks.focus.nextReview'), children: f.closedOn ? '—' : f.nextReviewOn },
                { key: 'reason', label: t('talks.focus.reason'), children: <span className="talk-notes" data-testid="focus-file-reason">{f.reason}</span> },
                { key: 'plan', label: t('talks.focus.plan'), children: <span className="talk-notes" data-testid="focus-file-plan">{f.plan}</span> },
                ...(f.closeReason ? [{ key: 'closeReason', label: t('talks.focus.closeReason'), children: f.closeReason }] : []),
              ]}
            />
          </Card>
          <Card size="small" title={t('talks.focus.entries')} style={{ marginTop: 16 }} data-testid="focus-entries">
            {f.entries.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.focus.noEntries')} />
            ) : (
              <Timeline
                items={f.entries.map((e) => ({
                  key: e.id,
                  color: e.kind === 'review' ? 'green' : 'blue',
                  content: (
                    <div data-testid="focus-entry">
                      <Typography.Text strong>{`${e.on} · ${t(`talks.focus.entryKind.${e.kind}`)}`}</Typography.Text>
                      {e.byName ? <Typography.Text type="secondary">{` · ${e.byName}`}</Typography.Text> : null}
                      <div className="talk-notes">{e.content}</div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={t('talks.focus.contacts')}
            data-testid="focus-contacts"
            extra={
              canRecord ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('contact')} data-testid="focus-contact-new">
                  {t('talks.focus.addContact')}
                </Button>
              ) : null
            }
          >
            <List
              size="small"
              dataSource={f.contacts}
              locale={{ emptyText: t('talks.focus.noContacts') }}
              renderItem={(c) => (
                <List.Item
                  actions={
                    canRecord
                      ? [
                          <Popconfirm key="del" title={t('talks.focus.removeContact')} onConfirm={() => removeContact.mutate(c.id)}>
                            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta title={`${c.name}（${c.relation}）`} description={[c.phone, c.note].filter(Boolean).join(' · ') || '—'} />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('talks.focus.linkedTalks')} style={{ marginTop: 16 }} data-testid="focus-linked-talks" extra={canRecord ? <LinkTalkButton file={f} /> : null}>
            <List
              size="small"
              dataSource={f.linkedTalks}
              locale={{ emptyText: t('talks.focus.noTalks') }}
              renderItem={(l) => (
                <List.Item>
                  <Link to={`/talks/record/${l.id}`}>{l.heldOn}</Link>
                  <span>
                    {l.concernCategories.map((c) => (
                      <Tag key={c}>{t(`talks.concern.${c as 'other'}`)}</Tag>
                    ))}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        {canCare ? (
          <Col span={24}>
            <Card size="small" title={t('talks.care.title')} data-testid="focus-care">
              <CareTable items={fileCare} loading={care.isPending} showPerson={false} canWrite testId="focus-care-list" />
            </Card>
          </Col>
        ) : null}
      </Row>
      <EntryModal file={f} open={dialog === 'entry'} onClose={() => setDialog(null)} />
      <ContactModal file={f} open={dialog === 'contact'} onClose={() => setDialog(null)} />
      <EditModal file={f} open={dialog === 'edit'} onClose={() => setDialog(null)} />
      <CloseModal file={f} open={dialog === 'close'} onClose={() => setDialog(null)} />
      <CareFormModal open={dialog === 'care'} onClose={() => setDialog(null)} person={{ id: f.personId, name: f.personName }} focusFileId={f.id} />
    </div>
  );
}
