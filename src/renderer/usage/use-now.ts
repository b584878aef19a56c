/**
 * The current time, re-read every `intervalMs` while the component is mounted: for countdowns
 * that tick. Component-local on purpose (the store never holds the clock).
 */
import { useEffect, useState } from 'react';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
