import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Slider, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerItemPatch } from '../../../../src/contracts/ledger';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import type { LedgerItemDetail } from './ledger-api';
import { useLedgerOptions } from './ledger-labels';
import { DEPARTMENT_KINDS, DepartmentsSelect } from './ledger-pickers';

type Milestone = { title: string; dueOn: Dayjs | null; doneOn: Dayjs | null };
type Values = Omit<LedgerItemPatch, 'version' | 'deadline' | 'milestones'> & { deadline?: Dayjs | null; milestones?: Milestone[] };

const day = (d: string | null) => (d ? dayjs(d) : null);
const text = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export const EDITABLE_FIELDS = [
  'aspect', 'problem', 'cause', 'target', 'measure', 'type', 'leaderPersonId', 'leadDepartmentId', 'ownerPersonId',
  'cooperatingDepartmentIds', 'deadline', 'remarks', 'checkInMonths', 'weight', 'milestones', 'progress', 'progressNote',
] as const;

type Props = {
  item: LedgerItemDetail;
  open: boolean;
  /** The owner fills in progress only; managers edit everything. */
  ownerOnly: boolean;
  saving: boolean;
  onClose: () => void;
  onSave: (patch: LedgerItemPatch, form: ReturnType<typeof Form.useForm<Values>>[0]) => void;
};

/** Edits an item with its version: every field for managers, progress and its note for the owner. */
export function LedgerItemEditDrawer({ item, open, ownerOnly, saving, onClose, onSave }: Props) {
  const { t } = useTranslation();
  const options = useLedgerOptions();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue({
      aspect: item.aspect,
      problem: item.problem,
      cause: item.cause,
      target: item.target,
      measure: item.measure,
      type: item.type,
      leaderPersonId: item.leaderPersonId,
      leadDepartmentId: item.leadDepartmentId,
      ownerPersonId: item.ownerPersonId,
      cooperatingDepartmentIds: item.cooperatingDepartmentIds,
      deadline: day(item.deadline),
      remarks: item.remarks,
      checkInMonths: item.checkInMonths,
      weight: item.weight,
      milestones: item.milestones.map((m) => ({ title: m.title, dueOn: day(m.dueOn), doneOn: day(m.doneOn) })),
      progress: item.progress,
      progressNote: item.progressNote,
    });
  }, [open, item, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const blank = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);
    const patch: LedgerItemPatch = ownerOnly
      ? { version: item.version, progress: v.progress, progressNote: blank(v.progressNote) }
      : {
          version: item.version,
          aspect: blank(v.aspect),
          problem: v.problem,
          cause: blank(v.cause),
          target: blank(v.target),
          measure: blank(v.measure),
          type: v.type,
          leaderPersonId: v.leaderPersonId ?? null,
          leadDepartmentId: v.leadDepartmentId ?? null,
          ownerPersonId: v.ownerPersonId ?? null,
          cooperatingDepartmentIds: v.cooperatingDepartmentIds ?? [],
          deadline: text(v.deadline),
          remarks: blank(v.remarks),
          checkInMonths: v.checkInMonths,
          weight: v.weight,
          milestones: (v.milestones ?? []).map((m) => ({ title: m.title.trim(), dueOn: text(m.dueOn), doneOn: text(m.doneOn) })),
          progress: v.progress,
          progressNote: blank(v.progressNote),
        };
    onSave(patch, form);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={ownerOnly ? t('ledgerViews.item.fillProgress') : t('ledgerViews.item.edit')}
      size={640}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="ledger-edit-save">
            {t('common.save')}
          </Button>
        </Space>
      }
      data-testid="ledger-edit-drawer"
    >
      <Form form={form} layout="vertical">
        {ownerOnly ? null : (
          <>
            <Form.Item name="problem" label={t('ledger.field.problem')} rules={[{ required: true, whitespace: true, message: t('ledger.draft.problemRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="ledger-edit-problem" />
            </Form.Item>
            <Form.Item name="aspect" label={t('ledger.field.aspect')}>
              <Input />
            </Form.Item>
            <Form.Item name="cause" label={t('ledger.field.cause')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
            </Form.Item>
            <Form.Item name="target" label={t('ledger.field.target')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
            </Form.Item>
            <Form.Item name="measure" label={t('ledger.field.measure')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} />
            </Form.Item>
            <Space wrap align="start">
              <Form.Item name="type" label={t('ledger.field.type')}>
                <Select options={options.type} style={{ width: 140 }} data-testid="ledger-edit-type" />
              </Form.Item>
              <Form.Item name="deadline" label={t('ledger.field.deadline')}>
                <DatePicker data-testid="ledger-edit-deadline" />
              </Form.Item>
              <Form.Item name="weight" label={t('ledgerViews.field.weight')}>
                <InputNumber min={1} max={100} precision={0} />
              </Form.Item>
              <Form.Item name="checkInMonths" label={t('ledgerViews.field.checkInMonths')}>
                <InputNumber min={1} max={12} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item name="leaderPersonId" label={t('ledger.field.leader')}>
              <PersonPicker initialLabel={item.leaderName} style={{ width: '100%' }} data-testid="ledger-edit-leader" />
            </Form.Item>
            <Form.Item name="leadDepartmentId" label={t('ledger.field.leadDepartment')}>
              <OrgUnitTreeSelect kinds={DEPARTMENT_KINDS} style={{ width: '100%' }} data-testid="ledger-edit-department" />
            </Form.Item>
            <Form.Item name="ownerPersonId" label={t('ledger.field.owner')}>
              <PersonPicker initialLabel={item.ownerName} style={{ width: '100%' }} data-testid="ledger-edit-owner" />
            </Form.Item>
            <Form.Item name="cooperatingDepartmentIds" label={t('ledger.field.cooperating')}>
              <DepartmentsSelect value={[]} onChange={() => undefined} />
            </Form.Item>
            <Form.Item name="remarks" label={t('ledger.field.remarks')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
            <Form.Item label={t('ledgerViews.field.milestones')}>
              <Form.List name="milestones">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} wrap align="baseline" className="ledger-milestone-row">
                        <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: t('ledgerViews.milestone.titleRequired') }]} noStyle>
                          <Input placeholder={t('ledgerViews.milestone.title')} style={{ width: 220 }} maxLength={200} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'dueOn']} noStyle>
                          <DatePicker placeholder={t('ledgerViews.milestone.dueOn')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'doneOn']} noStyle>
                          <DatePicker placeholder={t('ledgerViews.milestone.doneOn')} />
                        </Form.Item>
                        <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                      </Space>
                    ))}
                    {fields.length < 20 ? (
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', dueOn: null, doneOn: null })} data-testid="ledger-edit-milestone-add">
                        {t('ledgerViews.milestone.add')}
                      </Button>
                    ) : null}
                  </>
                )}
              </Form.List>
            </Form.Item>
          </>
        )}
        <Form.Item name="progress" label={t('ledgerViews.field.progress')}>
          <Slider min={0} max={100} marks={{ 0: '0%', 50: '50%', 100: '100%' }} data-testid="ledger-edit-progress" />
        </Form.Item>
        <Form.Item name="progressNote" label={t('ledgerViews.field.progressNote')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20_000} data-testid="ledger-edit-progress-note" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
