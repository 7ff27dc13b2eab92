import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch';

/** The centred card used by the pages shown before the main layout (login, forced password change). */
export function AuthShell({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth-shell">
      <Flex justify="flex-end" gap={8} style={{ padding: '12px 16px' }}>
        {extra}
        <LanguageSwitch />
      </Flex>
      <Flex vertical align="center" style={{ padding: '4vh 16px 48px' }}>
        <div className="auth-brand">
          <div className="auth-logo" aria-hidden>
            ✓
          </div>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('auth.login.subtitle')}</Typography.Text>
        </div>
        <Card title={title} style={{ width: '100%', maxWidth: 400 }}>
          {children}
        </Card>
      </Flex>
    </div>
  );
}
