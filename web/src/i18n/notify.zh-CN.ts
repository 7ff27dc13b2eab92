// The "notify" part of the zh-CN dictionary (kept in its own file; spread into zh-CN.ts).
export const notifyZhCN = {
  title: 'notify',
};
