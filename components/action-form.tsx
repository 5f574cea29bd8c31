'use client';

import { type FormHTMLAttributes, type ReactNode, type RefObject, useActionState, useEffect, useRef } from 'react';

type FormProps = Omit<FormHTMLAttributes<HTMLFormElement>, 'action' | 'children'>;

/**
 * A form sent to a Server Action through `useActionState`: `children` render its fields from the
 * state the action returned last. A form state starts empty (its fields are all optional) unless
 * `initial` fills it (the sign-in form's email from an app's login_hint).
 * Without JavaScript the form posts and the page renders again with that state.
 */
export function ActionForm<State extends object>({
  action,
  children,
  initial = {} as Awaited<State>,
}: {
  action: (previous: Awaited<State>, form: FormData) => Promise<State>;
  children: (state: Awaited<State>) => ReactNode;
  initial?: Awaited<State>;
}) {
  const [state, dispatch] = useActionState(action, initial);
  return (
    <ErrorFocusForm state={state} action={dispatch}>
      {children(state)}
    </ErrorFocusForm>
  );
}

/**
 * The form of an ActionForm, for a component that keeps its Server Action's state above the form
 * because the state outlives the form (two-factor settings) or decides what replaces it (a reset
 * link that stopped working).
 * The browser's own validation is off: the action's messages, with the fields, say what is wrong.
 */
export function ErrorFocusForm({ state, action, children, ...form }: FormProps & { state: object; action: (form: FormData) => void; children: ReactNode }) {
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, state);
  return (
    <form ref={ref} action={action} noValidate {...form}>
      {children}
    </form>
  );
}

/**
 * After a submit comes back with errors, moves keyboard focus to the first invalid field (or the
 * form's alert), so keyboard and screen-reader users land on what needs fixing.
 */
function useFocusFirstError(form: RefObject<HTMLFormElement | null>, state: object): void {
  useEffect(() => {
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    if (!target) return;
    if (target.getAttribute('role') === 'alert') target.tabIndex = -1;
    target.focus();
  }, [form, state]);
}
