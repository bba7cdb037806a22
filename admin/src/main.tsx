/** The editors' dashboard: served by Parley at /admin, talking to the same-origin admin API. */
import { render } from 'preact';
import { App } from './components/app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
