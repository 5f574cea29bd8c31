'use client';

import { type RefObject, useEffect } from 'react';

/**
 * After a submit comes back with errors, moves keyboard focus to the first invalid field (or the
 * form's alert), so keyboard and screen-reader users land on what needs fixing.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, state: object): void {
  useEffect(() => {
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    if (!target) return;
    if (target.getAttribute('role') === 'alert') target.tabIndex = -1;
    target.focus();
  }, [form, state]);
}
