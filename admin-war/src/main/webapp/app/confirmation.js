// Asks the user to confirm a consequential action in the page's modal <dialog id="confirm-dialog">.

import { append } from './element.js';

/**
 * Resolves to true when the user pressed the confirm button, false on cancel or Escape.
 * `details` (nodes or strings) are shown under the question.
 */
export function confirmAction({ title, question, details = [], confirmLabel = 'Confirm', danger = false }) {
  const dialog = document.getElementById('confirm-dialog');
  const opener = document.activeElement;
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-message').textContent = question;
  const detailBox = dialog.querySelector('#confirm-details');
  detailBox.replaceChildren();
  append(detailBox, details);
  const ok = dialog.querySelector('#confirm-ok');
  ok.textContent = confirmLabel;
  ok.classList.toggle('danger', danger);
  return new Promise((resolve) => {
    const onClose = () => {
      dialog.removeEventListener('close', onClose);
      resolve(dialog.returnValue === 'confirm');
      if (opener && typeof opener.focus === 'function' && opener.isConnected) opener.focus();
    };
    dialog.addEventListener('close', onClose);
    dialog.returnValue = 'cancel';
    dialog.showModal();
    // The safe choice gets the focus: Enter alone never confirms a destructive action.
    dialog.querySelector('#confirm-cancel').focus();
  });
}
