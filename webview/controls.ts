// Thin helpers over @vscode-elements controls (only the components used are imported).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { displaySafe } from '../engine/text/safeText';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { h } from './dom';

// Structural types of the elements used (their typings are ESM-only).
type ValueElement = HTMLElement & { value: string };
type CheckElement = HTMLElement & { checked: boolean };

export interface Option {
  value: string;
  label: string;
}

/** A labelled single-select; option labels are set as text. */
export function selectField(label: string, id: string, options: Option[], value: string, onChange: (v: string) => void): HTMLElement {
  const sel = document.createElement('vscode-single-select') as ValueElement;
  sel.id = id;
  sel.setAttribute('label', label);
  for (const o of options) {
    const opt = document.createElement('vscode-option');
    opt.setAttribute('value', o.value);
    opt.textContent = displaySafe(o.label);
    if (o.value === value) opt.setAttribute('selected', '');
    sel.appendChild(opt);
  }
  sel.addEventListener('change', () => onChange(sel.value));
  return field(label, id, sel);
}

export function textField(label: string, id: string, value: string, placeholder: string, onInput: (v: string) => void): HTMLElement {
  const tf = document.createElement('vscode-textfield') as ValueElement;
  tf.id = id;
  tf.setAttribute('label', label);
  tf.setAttribute('placeholder', placeholder);
  tf.value = value;
  tf.addEventListener('input', () => onInput(tf.value));
  return field(label, id, tf);
}

export function checkbox(label: string, id: string, checked: boolean, onChange: (v: boolean) => void): HTMLElement {
  const cb = document.createElement('vscode-checkbox') as CheckElement;
  cb.id = id;
  cb.setAttribute('label', label);
  cb.checked = checked;
  cb.addEventListener('change', () => onChange(cb.checked));
  return cb;
}

export function button(label: string, id: string, onClick: () => void, secondary = false): HTMLElement {
  const b = document.createElement('vscode-button');
  b.id = id;
  b.textContent = displaySafe(label);
  if (secondary) b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  return b;
}

function field(label: string, id: string, control: HTMLElement): HTMLElement {
  return h('div', { className: 'field' }, h('span', { className: 'field-label', id: `${id}-label`, text: label }), control);
}

/**
 * Lets a vscode-tabs' tab headers wrap onto a second line in a narrow panel (its tab list
 * is in the shadow DOM, with no ::part to style). Call once the element is connected.
 */
export function wrapTabHeaders(tabs: HTMLElement): void {
  const root = tabs.shadowRoot;
  if (!root || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in root)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('.tablist { flex-wrap: wrap; min-width: 0; }');
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
