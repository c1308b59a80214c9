import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { installTestHooks } from './commands/testHooks';
import { getHost } from './host';
import { createServices, ServicesProvider } from './services';
import { initialLocale, onLocaleChange } from './i18n';
import { initTheme } from './theme';

initTheme();

// The app's one set of services (store, host, canvas bridge, openers, clipboard, view model).
const services = createServices(getHost());
// The desktop menu speaks the page's language, from the start and after each switch.
services.host.setLocale(initialLocale());
onLocaleChange((locale) => services.host.setLocale(locale));
installTestHooks(services.store);
// Every training run is kept (Runs tab); loaded after start-up, with the training code.
void Promise.all([import('./runs/appHistory'), import('./runs/projectPort')]).then(([h, p]) => {
  h.startRunHistory();
  services.projectFiles.port = p.createProjectFilesPort(services.host, h.appHistory, services.store);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
