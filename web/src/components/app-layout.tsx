import {
  ApartmentOutlined,
  AuditOutlined,
  CarryOutOutlined,
  ClusterOutlined,
  CommentOutlined,
  DownOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  IdcardOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../features/auth/session';
import { useLogout } from '../features/auth/use-logout';
import { useHasFocusFiles } from '../features/focus/focus-api';
import { NotificationBell } from '../features/notifications/notification-bell';
import { FullPageSpin } from './full-page-spin';
import { LanguageSwitch } from './language-switch';

type NavItem = { key: string; path: string; icon: ReactNode; label: string; testId: string };

function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  const me = useMe();
  // Owners of a focus file and the inspector see the menu too: the list tells whether they have any file.
  const { data: hasFocusFiles = false } = useHasFocusFiles(!hasPermission(me, 'focus.manage') && (!!me.personId || me.roles.some((r) => r.role === 'inspector')));
  return useMemo(() => {
    const items: NavItem[] = [];
    if (hasPermission(me, 'org.read')) {
      items.push({ key: '/org', path: '/org', icon: <ApartmentOutlined />, label: t('nav.org'), testId: 'menu-org' });
    }
    if (hasPermission(me, 'people.read')) {
      items.push({ key: '/people', path: '/people', icon: <TeamOutlined />, label: t('nav.people'), testId: 'menu-people' });
    } else if (me.personId) {
      const path = `/people/${me.personId}`;
      items.push({ key: path, path, icon: <IdcardOutlined />, label: t('nav.myProfile'), testId: 'menu-my-profile' });
    }
    // Team materials need people.read; a member with a person record may still file their own.
    if (hasPermission(me, 'people.read') || me.personId) {
      items.push({ key: '/reports', path: '/reports', icon: <FileTextOutlined />, label: t('nav.reports'), testId: 'menu-reports' });
      items.push({ key: '/ledger', path: '/ledger', icon: <CarryOutOutlined />, label: t('ledgerViews.menu'), testId: 'menu-ledger' });
    }
    if (hasPermission(me, 'talks.coverage')) {
      items.push({ key: '/grids', path: '/grids', icon: <ClusterOutlined />, label: t('talks.menu.grids'), testId: 'menu-grids' });
    }
    if (hasPermission(me, 'talks.record') || hasPermission(me, 'talks.coverage')) {
      items.push({ key: '/talks', path: '/talks', icon: <CommentOutlined />, label: t('talks.menu.talks'), testId: 'menu-talks' });
    }
    if (hasPermission(me, 'focus.manage') || hasFocusFiles) {
      items.push({ key: '/focus', path: '/focus', icon: <FolderOpenOutlined />, label: t('talks.menu.focus'), testId: 'menu-focus' });
    }
    if (hasPermission(me, 'users.read')) {
      items.push({ key: '/users', path: '/users', icon: <SafetyCertificateOutlined />, label: t('nav.users'), testId: 'menu-users' });
    }
    if (hasPermission(me, 'audit.read')) {
      items.push({ key: '/audit', path: '/audit', icon: <AuditOutlined />, label: t('nav.audit'), testId: 'menu-audit' });
    }
    if (hasPermission(me, 'settings.write')) {
      items.push({ key: '/settings/notifications', path: '/settings/notifications', icon: <SettingOutlined />, label: t('notify.settings.menu'), testId: 'menu-settings' });
    }
    return items;
  }, [me, t, hasFocusFiles]);
}

function selectedKey(items: NavItem[], pathname: string): string[] {
  // Longest matching prefix, so /people/123 selects 人员管理 (or 我的档案 for its owner).
  const match = items
    .filter((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match ? [match.key] : [];
}

function SideMenu({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const location = useLocation();
  const menuItems: MenuProps['items'] = items.map((i) => ({
    key: i.key,
    icon: i.icon,
    label: (
      <Link to={i.path} data-testid={i.testId} onClick={onNavigate}>
        {i.label}
      </Link>
    ),
  }));
  return <Menu mode="inline" selectedKeys={selectedKey(items, location.pathname)} items={menuItems} style={{ borderInlineEnd: 0 }} data-testid="side-menu" />;
}

function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const items: MenuProps['items'] = [
    { key: 'who', label: <Typography.Text type="secondary">{me.username}</Typography.Text>, disabled: true },
    { type: 'divider' },
    { key: 'password', icon: <LockOutlined />, label: <span data-testid="user-menu-change-password">{t('nav.changePassword')}</span> },
    { key: 'tokens', icon: <KeyOutlined />, label: <span data-testid="user-menu-tokens">{t('nav.tokens')}</span> },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="user-menu-logout">{t('auth.logout')}</span> },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/settings/password');
    if (key === 'tokens') navigate('/settings/tokens');
    if (key === 'logout') void logout();
  };
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick }} placement="bottomRight">
      <Button type="text" className="header-user" aria-label={t('auth.userMenu')} data-testid="user-menu">
        <Avatar size="small" icon={<UserOutlined />} style={{ background: '#fff', color: '#b71c1c' }} />
        {compact ? null : (
          <>
            <span className="header-user-name">{me.displayName || me.username}</span>
            <DownOutlined style={{ fontSize: 10 }} />
          </>
        )}
      </Button>
    </Dropdown>
  );
}

/** Header, side menu (a drawer on phones) and the routed page. */
export function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const items = useNavItems();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        {isPhone ? (
          <Button
            type="text"
            icon={<MenuOutlined />}
            onClick={() => setDrawerOpen(true)}
            aria-label={t('nav.menu')}
            data-testid="menu-toggle"
            style={{ color: '#fff' }}
          />
        ) : null}
        <Link to="/" className="app-brand" data-testid="brand">
          <span className="app-brand-logo" aria-hidden>
            ✓
          </span>
          <span>{isPhone ? t('app.shortName') : t('app.name')}</span>
        </Link>
        <div style={{ flex: 1 }} />
        <NotificationBell />
        <LanguageSwitch compact={isPhone} dark />
        <UserMenu compact={isPhone} />
      </Layout.Header>
      <Layout>
        {isPhone ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={260}
            title={t('app.name')}
            styles={{ body: { padding: 0 } }}
            data-testid="menu-drawer"
          >
            <SideMenu items={items} onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        ) : (
          <Layout.Sider
            theme="light"
            width={208}
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            className="app-sider"
          >
            <SideMenu items={items} />
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
