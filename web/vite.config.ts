import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.RECTIFY_API_URL ?? 'http://localhost:3000';

// Vendor groups: the big libraries change rarely, so they get their own long-lived chunks.
const nodeModule = (names: string) => new RegExp(`[\\\\/]node_modules[\\\\/](${names})[\\\\/]`);
const vendorGroups = [
  { name: 'vendor-echarts', test: nodeModule('echarts|zrender'), priority: 50 },
  { name: 'vendor-icons', test: nodeModule('@ant-design[\\\\/]icons|@ant-design[\\\\/]icons-svg'), priority: 45 },
  { name: 'vendor-rc', test: nodeModule('@rc-component|rc-[\\w-]+'), priority: 40 },
  { name: 'vendor-antd', test: nodeModule('antd|@ant-design|@emotion|dayjs|stylis|@babel[\\\\/]runtime'), priority: 30 },
  { name: 'vendor-react', test: nodeModule('react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next'), priority: 20 },
  { name: 'vendor', test: nodeModule('[^\\\\/]+'), priority: 10 },
];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The largest vendor chunks (antd, its rc-components) are ~600 kB each; past 900 kB something new got pulled in.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
