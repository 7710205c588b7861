import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App.js";
import { bootstrap } from "./bootstrap.js";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  void bootstrap();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
