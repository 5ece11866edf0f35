import { render } from 'preact';
import { ConsoleApp } from './app.js';
import { createSessionStore } from './session.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');
render(<ConsoleApp store={createSessionStore(window.sessionStorage)} />, root);
