import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_UNIT_KINDS } from '../../../../src/contracts/org-units';
import { apiFetch } from '../../api/client';
import { applyFieldErrors } from '../../api/errors';
import type { OrgUnit, OrgUnitCreate, OrgUnitKind, OrgUnitUpdate } from '../../api/types';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { useWriteMutation } from '../../components/use-write-mutation';
import { ORG_UNITS_KEY } from './org-api';
import { subtreeIds } from './org-tree';
import { buttonTestId } from '../../components/test-id';

/** A sensible default kind for a new unit under a parent of the given kind. */
function childKindOf(parent: OrgUnitKind | undefined): OrgUnitKind {
  switch (parent) {
    case undefined:
      return 'committee';
    case 'committee':
      return 'general_branch';
    case 'general_branch':
      return 'branch';
    case 'branch':
      return 'group';
    case 'group':
      return 'group';
    case 'department':
      return 'duty_group';
    case 'duty_group':
      return 'duty_group';
  }
}

function useKindOptions() {
  const { t } = useTranslation();
  return useMemo(() => ORG_UNIT_KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) })), [t]);
}

type CreateForm = { name: string; kind: OrgUnitKind; sortOrder?: number | null };

export function CreateUnitModal({
  open,
  parent,
  onClose,
  onCreated,
}: {
  open: boolean;
  parent: OrgUnit | null;
  onClose: () => void;
  onCreated: (unit: OrgUnit) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateForm>();
  const kindOptions = useKindOptions();
  useEffect(() => {
    if (open) form.setFieldsValue({ name: '', kind: childKindOf(parent?.kind), sortOrder: null });
  }, [open, parent, form]);
  const create = useWriteMutation({
    mutationFn: (body: OrgUnitCreate) => apiFetch<OrgUnit>('/org-units', { method: 'POST', body }),
    invalidate: [ORG_UNITS_KEY],
    successMessage: t('org.created'),
    onSuccess: (unit) => {
      onCreated(unit);
      onClose();
    },
    onError: (e) => applyFieldErrors(form, t, e, ['name', 'kind', 'sortOrder']),
  });
  return (
    <Modal
      open={open}
      title={parent ? t('org.createChildTitle', { name: parent.name }) : t('org.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
      okButtonProps={buttonTestId('org-create-submit')}
    >
      <Form<CreateForm>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          create.mutate({ parentId: parent?.id ?? null, name: v.name.trim(), kind: v.kind, ...(v.sortOrder != null ? { sortOrder: v.sortOrder } : {}) })
        }
      >
        <Form.Item name="name" label={t('org.field.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}>
          <Input autoFocus maxLength={100} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.field.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={kindOptions} data-testid="org-form-kind" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.field.sortOrder')} extra={t('org.sortOrderHint')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditForm = { name: string; kind: OrgUnitKind; sortOrder: number };

/** Rename, change kind or sort order. */
export function EditUnitModal({ unit, onClose }: { unit: OrgUnit | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditForm>();
  const kindOptions = useKindOptions();
  useEffect(() => {
    if (unit) form.setFieldsValue({ name: unit.name, kind: unit.kind, sortOrder: unit.sortOrder });
  }, [unit, form]);
  const save = useWriteMutation({
    mutationFn: (body: OrgUnitUpdate & { id: string }) => {
      const { id, ...rest } = body;
      return apiFetch<OrgUnit>(`/org-units/${id}`, { method: 'PATCH', body: rest });
    },
    invalidate: [ORG_UNITS_KEY],
    successMessage: t('common.saved'),
    onSuccess: onClose,
    onError: (e) => applyFieldErrors(form, t, e, ['name', 'kind', 'sortOrder']),
  });
  return (
    <Modal
      open={!!unit}
      title={t('org.renameTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={buttonTestId('org-edit-submit')}
    >
      <Form<EditForm>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          if (!unit) return;
          save.mutate({
            id: unit.id,
            version: unit.version,
            ...(v.name.trim() !== unit.name ? { name: v.name.trim() } : {}),
            ...(v.kind !== unit.kind ? { kind: v.kind } : {}),
            ...(v.sortOrder !== unit.sortOrder ? { sortOrder: v.sortOrder } : {}),
          });
        }}
      >
        <Form.Item name="name" label={t('org.field.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}>
          <Input autoFocus maxLength={100} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.field.kind')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={kindOptions} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.field.sortOrder')} extra={t('org.sortOrderHint')} rules={[{ required: true, message: t('common.required') }]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} data-testid="org-form-sort" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Chooses a new parent (cleared = top level); the unit's own subtree cannot be chosen (the server checks too). */
export function MoveUnitModal({ unit, units, onClose }: { unit: OrgUnit | null; units: readonly OrgUnit[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ parentId: string | null }>();
  const disabledIds = useMemo(() => (unit ? subtreeIds(units, unit.id) : new Set<string>()), [unit, units]);
  useEffect(() => {
    if (unit) form.setFieldsValue({ parentId: unit.parentId });
  }, [unit, form]);
  const move = useWriteMutation({
    mutationFn: (body: { id: string; version: number; parentId: string | null }) =>
      apiFetch<OrgUnit>(`/org-units/${body.id}`, { method: 'PATCH', body: { version: body.version, parentId: body.parentId } }),
    invalidate: [ORG_UNITS_KEY],
    successMessage: t('org.moved'),
    onSuccess: onClose,
  });
  return (
    <Modal
      open={!!unit}
      title={unit ? t('org.moveTitle', { name: unit.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={move.isPending}
      destroyOnHidden
      okButtonProps={buttonTestId('org-move-submit')}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: { parentId?: string | null }) => {
          if (!unit) return;
          const parentId = v.parentId ?? null;
          if (parentId === unit.parentId) return onClose();
          move.mutate({ id: unit.id, version: unit.version, parentId });
        }}
      >
        <Form.Item name="parentId" label={t('org.field.newParent')}>
          <OrgUnitTreeSelect disabledIds={disabledIds} placeholder={t('org.rootParent')} style={{ width: '100%' }} data-testid="org-move-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
