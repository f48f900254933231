import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { loadConfig } from './config';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="page">
        <h1>Nimbus ITSM</h1>
        <p role="alert" className="alert alert-error">
          The console could not start: {error instanceof Error ? error.message : String(error)}
        </p>
      </main>,
    ),
);
