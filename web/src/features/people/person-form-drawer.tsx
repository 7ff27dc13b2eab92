import { Button, Col, DatePicker, Divider, Drawer, Flex, Form, Grid, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { birthDateFromNationalId, checkNationalId } from '../../../../src/domain/people/national-id';
import { apiFetch, hasErrorCode } from '../../api/client';
import { applyFieldErrors } from '../../api/errors';
import type { Person, PersonCreate, PersonUpdate } from '../../api/types';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useWriteMutation } from '../../components/use-write-mutation';
import { PEOPLE_KEY } from './people-api';
import { usePeopleOptions } from './people-labels';

const DATE_FIELDS = [
  'birthDate',
  'partyJoinedOn',
  'partyConfirmedOn',
  'workStartedOn',
  'serviceStartedOn',
  'postSince',
  'transferredInOn',
  'transferredOutOn',
] as const;
const TEXT_FIELDS = ['ethnicity', 'nativePlace', 'education', 'post', 'rank'] as const;
type DateField = (typeof DATE_FIELDS)[number];
type TextField = (typeof TEXT_FIELDS)[number];

type FormValues = { name: string; gender: Person['gender']; partyStatus: Person['partyStatus']; status: Person['status'] } & {
  [K in DateField]?: Dayjs | null;
} & { [K in TextField]?: string | null } & {
  departmentId?: string | null;
  branchId?: string | null;
  phone?: string;
  nationalId?: string;
};

const ALL_FIELDS = ['name', 'gender', 'partyStatus', 'status', 'departmentId', 'branchId', 'phone', 'nationalId', ...DATE_FIELDS, ...TEXT_FIELDS];
const PHONE_RE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const DEPARTMENT_KINDS = ['department', 'duty_group'] as const;
const BRANCH_KINDS = ['branch', 'general_branch'] as const;

function toFormValues(p: Person | null): FormValues {
  if (!p) return { name: '', gender: 'male', partyStatus: 'none', status: 'active' };
  const values: FormValues = {
    name: p.name,
    gender: p.gender,
    partyStatus: p.partyStatus,
    status: p.status,
    departmentId: p.departmentId,
    branchId: p.branchId,
  };
  for (const f of DATE_FIELDS) values[f] = p[f] ? dayjs(p[f]) : null;
  for (const f of TEXT_FIELDS) values[f] = p[f];
  return values;
}

function toBody(v: FormValues, editing: boolean): PersonCreate {
  const body: PersonCreate = {
    name: v.name.trim(),
    gender: v.gender,
    partyStatus: v.partyStatus,
    status: v.status,
    departmentId: v.departmentId ?? null,
    branchId: v.branchId ?? null,
  };
  for (const f of DATE_FIELDS) body[f] = v[f] ? v[f].format('YYYY-MM-DD') : null;
  for (const f of TEXT_FIELDS) body[f] = v[f]?.trim() || null;
  // On edit the stored phone and ID are masked: an empty box means "keep".
  const phone = v.phone?.trim();
  const nationalId = v.nationalId?.trim().toUpperCase();
  if (phone || !editing) body.phone = phone || null;
  if (nationalId || !editing) body.nationalId = nationalId || null;
  return body;
}

type Props = {
  open: boolean;
  /** The person to edit; null creates a new one. */
  person: Person | null;
  onClose: () => void;
  onSaved: (person: Person) => void;
};

export function PersonFormDrawer({ open, person, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const options = usePeopleOptions();
  const screens = Grid.useBreakpoint();
  const editing = !!person;

  // Reset when opened, and again when a newer version arrives (e.g. after a conflict), but not on
  // every refetch of the same version, which would wipe what the user typed.
  const personRef = useRef(person);
  personRef.current = person;
  const personId = person?.id;
  const personVersion = person?.version;
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toFormValues(personRef.current));
    }
  }, [open, personId, personVersion, form]);

  const save = useWriteMutation({
    mutationFn: (body: PersonCreate) =>
      person
        ? apiFetch<Person>(`/people/${person.id}`, { method: 'PATCH', body: { ...body, version: person.version } satisfies PersonUpdate })
        : apiFetch<Person>('/people', { method: 'POST', body }),
    invalidate: [PEOPLE_KEY],
    successMessage: editing ? t('people.saved') : t('people.created'),
    onSuccess: (saved) => {
      onSaved(saved);
      onClose();
    },
    onError: (e) => {
      if (hasErrorCode(e, 'INVALID_NATIONAL_ID') && !applyFieldErrors(form, t, e, ALL_FIELDS)) {
        form.setFields([{ name: 'nationalId', errors: [t('error.code.INVALID_NATIONAL_ID')] }]);
        return true;
      }
      return applyFieldErrors(form, t, e, ALL_FIELDS) && hasErrorCode(e, 'VALIDATION_FAILED', 'INVALID_NATIONAL_ID');
    },
  });

  const onNationalIdBlur = () => {
    const id = (form.getFieldValue('nationalId') as string | undefined)?.trim().toUpperCase();
    if (!id || checkNationalId(id) !== null) return;
    // Fill what the ID number already tells, without overwriting entries.
    if (!form.getFieldValue('birthDate')) form.setFieldValue('birthDate', dayjs(birthDateFromNationalId(id)));
    if (!editing && !form.isFieldTouched('gender')) form.setFieldValue('gender', Number(id[16]) % 2 === 1 ? 'male' : 'female');
  };

  const date = (name: DateField) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={t(`people.field.${name}`)}>
        <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid={`person-field-${name}`} />
      </Form.Item>
    </Col>
  );
  const text = (name: TextField, max: number) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={t(`people.field.${name}`)} rules={[{ max }]}>
        <Input maxLength={max} data-testid={`person-field-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={editing ? t('people.editTitle') : t('people.createTitle')}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="person-form-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
      data-testid="person-form"
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => save.mutate(toBody(v, editing))} scrollToFirstError>
        <Divider titlePlacement="start">{t('people.group.basic')}</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('people.field.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 50 }]}>
              <Input maxLength={50} data-testid="person-field-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="gender" label={t('people.field.gender')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={options.gender} data-testid="person-field-gender" />
            </Form.Item>
          </Col>
          {text('ethnicity', 20)}
          {date('birthDate')}
          {text('nativePlace', 50)}
          {text('education', 30)}
        </Row>
        <Divider titlePlacement="start">{t('people.group.political')}</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="partyStatus" label={t('people.field.partyStatus')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={options.partyStatus} data-testid="person-field-partyStatus" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="branchId" label={t('people.field.branchId')} extra={t('people.branchHint')}>
              <OrgUnitTreeSelect kinds={BRANCH_KINDS} style={{ width: '100%' }} data-testid="person-field-branchId" />
            </Form.Item>
          </Col>
          {date('partyJoinedOn')}
          {date('partyConfirmedOn')}
        </Row>
        <Divider titlePlacement="start">{t('people.group.work')}</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="departmentId" label={t('people.field.departmentId')} extra={t('people.departmentHint')}>
              <OrgUnitTreeSelect kinds={DEPARTMENT_KINDS} style={{ width: '100%' }} data-testid="person-field-departmentId" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('people.field.status')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={options.status} data-testid="person-field-status" />
            </Form.Item>
          </Col>
          {text('post', 50)}
          {text('rank', 30)}
          {date('postSince')}
          {date('workStartedOn')}
          {date('serviceStartedOn')}
          {date('transferredInOn')}
          {date('transferredOutOn')}
        </Row>
        <Divider titlePlacement="start">{t('people.group.contact')}</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('people.field.phone')}
              extra={editing && person?.phoneMasked ? t('people.keepUnchanged', { value: person.phoneMasked }) : undefined}
              rules={[
                {
                  validator: (_, v: string | undefined) =>
                    !v?.trim() || PHONE_RE.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('people.invalidPhone'))),
                },
              ]}
            >
              <Input inputMode="tel" maxLength={20} autoComplete="off" data-testid="person-field-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nationalId"
              label={t('people.field.nationalId')}
              extra={editing && person?.nationalIdMasked ? t('people.keepUnchanged', { value: person.nationalIdMasked }) : undefined}
              rules={[
                {
                  validator: (_, v: string | undefined) => {
                    const problem = v?.trim() ? checkNationalId(v) : null;
                    return problem ? Promise.reject(new Error(t(`people.nationalIdProblem.${problem}`))) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input maxLength={18} autoComplete="off" onBlur={onNationalIdBlur} data-testid="person-field-nationalId" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
