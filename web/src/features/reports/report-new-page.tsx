import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Segmented, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { apiFetch, hasErrorCode } from '../../api/client';
import { applyFieldErrors, errorText } from '../../api/errors';
import { OrgUnitTreeSelect } from '../../components/org-unit-tree-select';
import { PersonPicker } from '../../components/person-picker';
import { hasPermission, useMe } from '../auth/session';
import { REPORTS_KEY, reportKey, type MaterialKind, type Report } from './reports-api';
import './reports.css';

type Source = 'paste' | 'upload';
type Values = { orgUnitId: string | null; year: number | null; campaign: string; kind: MaterialKind; personId: string | null; text?: string };
const FIELDS = ['orgUnitId', 'year', 'campaign', 'kind', 'personId', 'text'] as const;

/** Files a material by paste or upload; the server parses it and the review page opens. */
export function ReportNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  // Without people.read a member can only file their own personal material.
  const ownOnly = !hasPermission(me, 'people.read');
  const [form] = Form.useForm<Values>();
  const [source, setSource] = useState<Source>('paste');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);

  const create = useMutation({
    mutationFn: (v: Values) => {
      const meta = { orgUnitId: v.orgUnitId!, year: v.year!, campaign: v.campaign.trim(), kind: v.kind, personId: v.kind === 'personal' ? (v.personId ?? undefined) : undefined };
      if (source === 'upload') {
        const body = new FormData();
        body.append('file', file!, file!.name);
        return apiFetch<Report>('/reports/upload', { method: 'POST', query: meta, body });
      }
      return apiFetch<Report>('/reports', { method: 'POST', body: { ...meta, text: v.text } });
    },
    onSuccess: (report) => {
      client.setQueryData(reportKey(report.id), report);
      void client.invalidateQueries({ queryKey: REPORTS_KEY });
      navigate(`/reports/${report.id}`);
    },
    onError: (e) => {
      if (hasErrorCode(e, 'UNSUPPORTED_FILE_TYPE')) return setFileError(t('reports.form.unsupportedFile'));
      if (hasErrorCode(e, 'MALFORMED_FILE')) return setFileError(t('reports.form.malformedFile'));
      if (hasErrorCode(e, 'FILE_TOO_LARGE')) return setFileError(errorText(t, e));
      if (applyFieldErrors(form, t, e, FIELDS)) return;
      void message.error(errorText(t, e));
    },
  });

  const submit = (v: Values) => {
    setFileError(null);
    if (source === 'upload' && !file) return setFileError(t('reports.form.fileRequired'));
    create.mutate(v);
  };

  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3}>{t('reports.newTitle')}</Typography.Title>
        <Link to="/reports">
          <Button icon={<ArrowLeftOutlined />}>{t('reports.back')}</Button>
        </Link>
      </div>
      <Card style={{ maxWidth: 880 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            orgUnitId: null,
            year: new Date().getFullYear(),
            campaign: t('reports.defaultCampaign'),
            kind: ownOnly ? 'personal' : 'team',
            personId: ownOnly ? me.personId : null,
          }}
          data-testid="report-form"
        >
          <div className="report-form-grid">
            <Form.Item name="orgUnitId" label={t('reports.field.orgUnit')} rules={[{ required: true, message: t('reports.form.orgUnitRequired') }]}>
              <OrgUnitTreeSelect allowClear={false} style={{ width: '100%' }} data-testid="report-org" />
            </Form.Item>
            <Form.Item name="year" label={t('reports.field.year')} rules={[{ required: true, message: t('reports.form.yearRequired') }]}>
              <InputNumber min={1990} max={2100} style={{ width: '100%' }} data-testid="report-year" />
            </Form.Item>
            <Form.Item name="campaign" label={t('reports.field.campaign')} rules={[{ required: true, whitespace: true, message: t('reports.form.campaignRequired') }]}>
              <Input maxLength={100} data-testid="report-campaign" />
            </Form.Item>
          </div>
          <Form.Item name="kind" label={t('reports.field.kind')}>
            <Radio.Group disabled={ownOnly} data-testid="report-kind">
              <Radio value="team" data-testid="report-kind-team">
                {t('reports.kind.team')}
              </Radio>
              <Radio value="personal" data-testid="report-kind-personal">
                {t('reports.kind.personal')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {kind === 'personal' ? (
            <>
              <Form.Item name="personId" label={t('reports.field.person')} rules={[{ required: true, message: t('reports.form.personRequired') }]}>
                {ownOnly ? <PersonSelf name={me.displayName || me.username} /> : <PersonPicker data-testid="report-person" style={{ width: '100%', maxWidth: 360 }} />}
              </Form.Item>
              <Alert type="info" showIcon message={t('reports.personalHint')} style={{ marginBottom: 16 }} />
            </>
          ) : null}
          <Form.Item label={t('reports.field.source')}>
            <Segmented<Source>
              value={source}
              onChange={(v) => {
                setSource(v);
                setFileError(null);
              }}
              options={[
                { value: 'paste', label: <span data-testid="report-source-paste">{t('reports.source.paste')}</span> },
                { value: 'upload', label: <span data-testid="report-source-upload">{t('reports.source.upload')}</span> },
              ]}
            />
          </Form.Item>
          {source === 'paste' ? (
            <Form.Item name="text" label={t('reports.field.text')} rules={[{ required: true, whitespace: true, message: t('reports.form.textRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 10, maxRows: 24 }} placeholder={t('reports.form.textPlaceholder')} data-testid="report-text" />
            </Form.Item>
          ) : (
            <Form.Item label={t('reports.field.file')} validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
              <Upload.Dragger
                accept=".txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                multiple={false}
                maxCount={1}
                fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                onRemove={() => setFile(null)}
                beforeUpload={(f) => {
                  setFile(f);
                  setFileError(null);
                  return false;
                }}
                data-testid="report-upload"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('reports.form.upload')}</p>
                <p className="ant-upload-hint">{t('reports.form.uploadHint')}</p>
              </Upload.Dragger>
            </Form.Item>
          )}
          {source === 'paste' && fileError ? <Alert type="error" message={fileError} style={{ marginBottom: 16 }} /> : null}
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="report-submit">
            {t('reports.form.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** The signed-in member as the author of their own material (the field's value stays their person id). */
function PersonSelf({ name }: { name: string; value?: string | null }) {
  return <Input value={name} disabled style={{ maxWidth: 360 }} data-testid="report-person-self" />;
}
