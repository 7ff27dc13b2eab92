// The "ledgerViews" part of the zh-CN dictionary (kept in its own file; spread into zh-CN.ts).
export const ledgerViewsZhCN = {
  title: 'ledgerViews',
};
