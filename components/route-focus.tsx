'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * After a client-side navigation that removed the focused element (the submit button of a form
 * whose action redirected, a link of the old page), the focus falls to the document body, and the
 * next Tab starts from where that element was, or leaves the page. Then the focus moves to the new
 * page's main content, so a keyboard user goes on from its start. Focus the new page placed itself
 * (autoFocus, a header link that stayed) is left alone, and so is the first load, where the first
 * Tab must reach the skip link.
 */
export function RouteFocus() {
  const pathname = usePathname();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
  return null;
}
