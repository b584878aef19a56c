/**
 * Renderer entry: build the services, start connecting, render the app.
 */
import './app/zod-without-eval.ts';
import '@xterm/xterm/css/xterm.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import { createServices } from './app/create-services.ts';
import { ServicesContext } from './app/services.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const runtime = createServices(window);
runtime.start();

createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={runtime.services}>
      <QueryClientProvider client={runtime.services.queryClient}>
        <App />
      </QueryClientProvider>
    </ServicesContext.Provider>
  </StrictMode>,
);
