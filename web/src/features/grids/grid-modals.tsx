import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, List, Modal, Result, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client';
import { applyFieldErrors, errorText } from '../../api/errors';
import { PersonPicker } from '../../components/person-picker';
import { buttonTestId } from '../../components/test-id';
import { useWriteMutation } from '../../components/use-write-mutation';
import { createGrid, GRIDS_KEY, importGrids, updateGrid, type Grid, type GridImportReport } from './grids-api';

type Values = { name: string; leaderPersonId: string | null; deputyPersonId: string | null; sortOrder?: number };

/** New grid, or edit name / leader / deputy / order of an existing one. */
export function GridFormModal({ open, branchId, grid, onClose }: { open: boolean; branchId: string; grid: Grid | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(grid ? { name: grid.name, leaderPersonId: grid.leaderPersonId, deputyPersonId: grid.deputyPersonId, sortOrder: grid.sortOrder } : { name: '', leaderPersonId: null, deputyPersonId: null });
  }, [open, grid, form]);
  const save = useWriteMutation({
    mutationFn: (v: Values) =>
      grid
        ? updateGrid(grid.id, { name: v.name, leaderPersonId: v.leaderPersonId ?? null, deputyPersonId: v.deputyPersonId ?? null, sortOrder: v.sortOrder, version: grid.version })
        : createGrid({ branchId, name: v.name, leaderPersonId: v.leaderPersonId ?? null, deputyPersonId: v.deputyPersonId ?? null, sortOrder: v.sortOrder }),
    invalidate: [GRIDS_KEY],
    successMessage: t('common.saved'),
    onSuccess: onClose,
    onError: (e) => applyFieldErrors(form, t, e, ['name', 'leaderPersonId', 'deputyPersonId', 'sortOrder']),
  });
  return (
    <Modal
      open={open}
      title={grid ? t('talks.grids.edit') : t('talks.grids.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ ...buttonTestId('grid-submit'), loading: save.isPending }}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="grid-form">
        <Form.Item name="name" label={t('talks.grids.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={50} data-testid="grid-name" />
        </Form.Item>
        <Form.Item name="leaderPersonId" label={t('talks.grids.leader')}>
          <PersonPicker style={{ width: '100%' }} initialLabel={grid?.leaderName} data-testid="grid-leader" />
        </Form.Item>
        <Form.Item name="deputyPersonId" label={t('talks.grids.deputy')}>
          <PersonPicker style={{ width: '100%' }} initialLabel={grid?.deputyName} data-testid="grid-deputy" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('talks.grids.sortOrder')}>
          <InputNumber min={0} max={10_000} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Upload → dry-run report (problems, new grids, moves) → import the valid rows. */
export function GridImportModal({ open, branchId, onClose, onImported }: { open: boolean; branchId: string; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<GridImportReport | null>(null);
  const [done, setDone] = useState<GridImportReport | null>(null);
  const check = useMutation({ mutationFn: (f: File) => importGrids(branchId, f, 'dry_run'), onSuccess: setReport });
  const commit = useMutation({
    mutationFn: (f: File) => importGrids(branchId, f, 'valid_rows'),
    onSuccess: (r) => {
      setDone(r);
      onImported();
    },
  });
  const close = () => {
    setFile(null);
    setReport(null);
    setDone(null);
    check.reset();
    commit.reset();
    onClose();
  };
  const error = check.error ?? commit.error;
  const footer = done ? (
    <Button type="primary" onClick={close} data-testid="grid-import-close">
      {t('common.close')}
    </Button>
  ) : report ? (
    <Space wrap>
      <Button onClick={close}>{t('import.discardAll')}</Button>
      <Button type="primary" disabled={!file || report.validRows === 0} loading={commit.isPending} onClick={() => file && commit.mutate(file)} data-testid="grid-import-commit">
        {t('import.importValid')}
      </Button>
    </Space>
  ) : (
    <Button onClick={close}>{t('common.cancel')}</Button>
  );
  return (
    <Modal open={open} title={t('talks.grids.import')} onCancel={close} footer={footer} width={720} destroyOnHidden>
      <div data-testid="grid-import">
        {error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} data-testid="grid-import-error" /> : null}
        {done ? (
          <Result status="success" title={t('import.imported', { count: done.imported })} data-testid="grid-import-result" />
        ) : report ? (
          <div data-testid="grid-import-report">
            <Space size={32} wrap style={{ marginBottom: 12 }}>
              <Statistic title={t('import.totalRows')} value={report.totalRows} />
              <Statistic title={t('import.validRows')} value={report.validRows} data-testid="grid-import-valid" />
              <Statistic title={t('import.invalidRows')} value={report.invalidRows} data-testid="grid-import-invalid" />
              <Statistic title={t('talks.grids.unchanged')} value={report.unchanged} />
            </Space>
            {report.newGrids.length ? <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('talks.grids.newGrids', { names: report.newGrids.join('、') })} /> : null}
            {report.moves.length ? (
              <List
                size="small"
                header={<Typography.Text strong>{t('talks.grids.moves', { count: report.moves.length })}</Typography.Text>}
                dataSource={report.moves}
                renderItem={(m) => <List.Item>{t('talks.grids.moveLine', { row: m.row, name: m.name, from: m.fromGrid, to: m.toGrid })}</List.Item>}
                style={{ marginBottom: 8 }}
              />
            ) : null}
            {report.problems.length === 0 ? (
              <Alert type="success" showIcon title={t('import.noProblems')} />
            ) : (
              <Table
                size="small"
                rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
                dataSource={report.problems}
                pagination={report.problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 70 },
                  { title: t('import.column'), dataIndex: 'column', width: 140 },
                  { title: t('import.problem'), dataIndex: 'message' },
                ]}
                data-testid="grid-import-problems"
              />
            )}
          </div>
        ) : (
          <>
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              disabled={check.isPending}
              beforeUpload={(f) => {
                setFile(f);
                check.mutate(f);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{check.isPending ? t('import.checking') : t('import.upload')}</p>
              <p className="ant-upload-hint">{t('talks.grids.importHint')}</p>
            </Upload.Dragger>
            <Button type="link" href={apiUrl('/grids/import-template.xlsx')} style={{ marginTop: 8 }} data-testid="grid-import-template">
              {t('import.template')}
            </Button>
          </>
        )}
      </div>
    </Modal>
  );
}
