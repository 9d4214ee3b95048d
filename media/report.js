// Report webview: turns clicks into messages for the extension. No data is rendered here.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-action], a.place') : null;
    if (!target) return;
    event.preventDefault();
    if (target.matches('a.place')) {
      vscode.postMessage({ type: 'open', folder: target.dataset.folder, path: target.dataset.path, line: Number(target.dataset.line) });
    } else if (target.dataset.action === 'export') {
      vscode.postMessage({ type: 'export', format: target.dataset.format });
    } else if (target.dataset.action === 'audit') {
      vscode.postMessage({ type: 'audit' });
    }
  });
})();
