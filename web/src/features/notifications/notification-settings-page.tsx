import { MailOutlined, RobotOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiFetch } from '../../api/client';
import { ErrorResult } from '../../components/result-pages';
import { useShowError } from '../../components/use-api-error';
import { useWriteMutation } from '../../components/use-write-mutation';
import {
  NOTIFICATION_SETTINGS_KEY,
  sendTest,
  useNotificationSettings,
  type NotificationSettings,
  type NotificationSettingsInput,
} from './notifications-api';

type FormValues = {
  smtp: { enabled: boolean; host: string; port: number; secure: boolean; user: string; password?: string; clearPassword?: boolean; from: string };
  webhook: { enabled: boolean; kind: 'wecom' | 'dingtalk'; url: string; secret?: string; clearSecret?: boolean };
  reminders: { daysBefore: (string | number)[]; inactivityDays: number; digestHour: number };
};

function toForm(s: NotificationSettings): FormValues {
  return {
    smtp: { enabled: s.smtp.enabled, host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user, from: s.smtp.from, password: '', clearPassword: false },
    webhook: { enabled: s.webhook.enabled, kind: s.webhook.kind, url: s.webhook.url, secret: '', clearSecret: false },
    reminders: { daysBefore: s.reminders.daysBefore.map(String), inactivityDays: s.reminders.inactivityDays, digestHour: s.reminders.digestHour },
  };
}

/** Write-only fields: left empty keeps the stored value, "clear" sends an empty string. */
function toInput(v: FormValues, version: number): NotificationSettingsInput {
  const { password, clearPassword, ...smtp } = v.smtp;
  const { secret, clearSecret, ...webhook } = v.webhook;
  return {
    version,
    smtp: { ...smtp, host: smtp.host ?? '', user: smtp.user ?? '', from: smtp.from ?? '', password: clearPassword ? '' : password ? password : undefined },
    webhook: { ...webhook, url: webhook.url ?? '', secret: clearSecret ? '' : secret ? secret : undefined },
    reminders: {
      daysBefore: [...new Set(v.reminders.daysBefore.map((d) => Number(d)).filter((d) => Number.isInteger(d) && d > 0 && d <= 365))],
      inactivityDays: v.reminders.inactivityDays,
      digestHour: v.reminders.digestHour,
    },
  };
}

/** Admin page: SMTP, the group robot and the reminder rules, with test sends. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const settings = useNotificationSettings();
  const [testTo, setTestTo] = useState('');
  const [testing, setTesting] = useState<'email' | 'webhook' | null>(null);
  const smtpEnabled = Form.useWatch(['smtp', 'enabled'], form);
  const webhookEnabled = Form.useWatch(['webhook', 'enabled'], form);
  const webhookKind = Form.useWatch(['webhook', 'kind'], form);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toForm(settings.data));
  }, [settings.data, form]);

  const save = useWriteMutation({
    mutationFn: (body: NotificationSettingsInput) => apiFetch<NotificationSettings>('/settings/notifications', { method: 'PUT', body }),
    invalidate: [NOTIFICATION_SETTINGS_KEY],
    successMessage: t('notify.settings.saved'),
  });

  const runTest = async (channel: 'email' | 'webhook') => {
    setTesting(channel);
    try {
      const r = await sendTest(channel === 'email' ? { channel, to: testTo.trim() || undefined } : { channel });
      if (r.ok) void message.success(r.message);
      else void message.error(r.message);
    } catch (e) {
      showError(e);
    } finally {
      setTesting(null);
    }
  };

  if (settings.isError) return <ErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const data = settings.data;
  const required = (on: boolean | undefined) => [{ required: !!on, message: t('notify.settings.required') }];

  return (
    <div style={{ maxWidth: 880 }} data-testid="notify-settings-page">
      <Typography.Title level={3}>{t('notify.settings.title')}</Typography.Title>
      <Alert type="info" showIcon message={t('notify.settings.intro')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(toInput(v, data.version))} initialValues={toForm(data)}>
        <Card title={<Space><MailOutlined />{t('notify.settings.smtp')}</Space>} style={{ marginBottom: 16 }}>
          <Form.Item name={['smtp', 'enabled']} valuePropName="checked" label={t('notify.settings.smtpEnabled')}>
            <Switch data-testid="notify-smtp-enabled" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={['smtp', 'host']} label={t('notify.settings.host')} rules={required(smtpEnabled)}>
                <Input placeholder="smtp.example.org" data-testid="notify-smtp-host" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['smtp', 'port']} label={t('notify.settings.port')} rules={[{ required: true, message: t('notify.settings.required') }]}>
                <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid="notify-smtp-port" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['smtp', 'secure']} valuePropName="checked" label={t('notify.settings.secure')}>
                <Switch data-testid="notify-smtp-secure" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['smtp', 'user']} label={t('notify.settings.user')}>
                <Input autoComplete="off" data-testid="notify-smtp-user" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['smtp', 'password']} label={t('notify.settings.password')}>
                <Input.Password
                  autoComplete="new-password"
                  placeholder={data.smtp.passwordSet ? t('notify.settings.passwordKept') : ''}
                  data-testid="notify-smtp-password"
                />
              </Form.Item>
              {data.smtp.passwordSet ? (
                <Form.Item name={['smtp', 'clearPassword']} valuePropName="checked" style={{ marginTop: -16 }}>
                  <Checkbox>{t('notify.settings.passwordClear')}</Checkbox>
                </Form.Item>
              ) : null}
            </Col>
            <Col xs={24}>
              <Form.Item name={['smtp', 'from']} label={t('notify.settings.from')} extra={t('notify.settings.fromHint')} rules={required(smtpEnabled)}>
                <Input data-testid="notify-smtp-from" />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Input
              style={{ width: 260 }}
              placeholder={t('notify.settings.testTo')}
              value={testTo}
              onChange={(e) => setTestTo(e.target.value)}
              data-testid="notify-test-to"
            />
            <Button onClick={() => void runTest('email')} loading={testing === 'email'} data-testid="notify-test-email">
              {t('notify.settings.testEmail')}
            </Button>
            <Typography.Text type="secondary">{t('notify.settings.testHint')}</Typography.Text>
          </Space>
        </Card>

        <Card title={<Space><RobotOutlined />{t('notify.settings.webhook')}</Space>} style={{ marginBottom: 16 }}>
          <Form.Item name={['webhook', 'enabled']} valuePropName="checked" label={t('notify.settings.webhookEnabled')}>
            <Switch data-testid="notify-webhook-enabled" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['webhook', 'kind']} label={t('notify.settings.kind')}>
                <Select
                  data-testid="notify-webhook-kind"
                  options={[
                    { value: 'wecom', label: t('notify.settings.wecom') },
                    { value: 'dingtalk', label: t('notify.settings.dingtalk') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name={['webhook', 'url']} label={t('notify.settings.url')} rules={[...required(webhookEnabled), { type: 'url', message: t('notify.settings.url') }]}>
                <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" data-testid="notify-webhook-url" />
              </Form.Item>
            </Col>
            {webhookKind === 'dingtalk' ? (
              <Col xs={24}>
                <Form.Item name={['webhook', 'secret']} label={t('notify.settings.secret')}>
                  <Input.Password
                    autoComplete="new-password"
                    placeholder={data.webhook.secretSet ? t('notify.settings.secretKept') : 'SEC…'}
                    data-testid="notify-webhook-secret"
                  />
                </Form.Item>
                {data.webhook.secretSet ? (
                  <Form.Item name={['webhook', 'clearSecret']} valuePropName="checked" style={{ marginTop: -16 }}>
                    <Checkbox>{t('notify.settings.secretClear')}</Checkbox>
                  </Form.Item>
                ) : null}
              </Col>
            ) : null}
          </Row>
          <Button onClick={() => void runTest('webhook')} loading={testing === 'webhook'} data-testid="notify-test-webhook">
            {t('notify.settings.testWebhook')}
          </Button>
        </Card>

        <Card title={t('notify.settings.reminders')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name={['reminders', 'daysBefore']} label={t('notify.settings.daysBefore')} extra={t('notify.settings.daysBeforeHint')}>
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} data-testid="notify-days-before" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['reminders', 'inactivityDays']} label={t('notify.settings.inactivityDays')} extra={t('notify.settings.inactivityHint')}>
                <InputNumber min={0} max={365} style={{ width: '100%' }} data-testid="notify-inactivity-days" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['reminders', 'digestHour']} label={t('notify.settings.digestHour')}>
                <InputNumber min={0} max={23} style={{ width: '100%' }} data-testid="notify-digest-hour" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="notify-settings-save">
          {t('notify.settings.save')}
        </Button>
      </Form>
    </div>
  );
}
