import { useEffect, useRef } from 'preact/hooks';

/** A form's error summary: announced at once, and focused so keyboard users land on it. */
export function FormAlert({ message, focus = false }: { message: string; focus?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message && focus) ref.current?.focus();
  }, [message, focus]);
  if (!message) return null;
  return (
    <div class="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      {message}
    </div>
  );
}
