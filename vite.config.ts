// Builds the renderer for the app://sso-tray page (electron/window/renderer-protocol.ts): relative
// asset paths, and nothing inline, since the page's Content-Security-Policy (renderer/index.html)
// allows only 'self' scripts and styles.
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("./renderer", import.meta.url)),
  base: "./",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/renderer", import.meta.url)),
    emptyOutDir: true,
    target: "chrome140",
    // The preload polyfill would be injected as an inline script; Electron's Chromium needs none.
    modulePreload: { polyfill: false },
    // Small assets would otherwise become data: URLs inside the CSS or scripts.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
});
