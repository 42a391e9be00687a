// The runtime's in-process event bus. Payloads are the contract's event types, so what the
// SSE stream sends is exactly what the renderer's typed client parses.
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../contract/index.js';

export interface EventBus {
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  on<K extends EventName>(name: K, handler: (payload: EventPayload<K>) => void): () => void;
  onAny(handler: (name: EventName, payload: unknown) => void): () => void;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    emit(name, payload) {
      emitter.emit(name, payload);
      emitter.emit('*', name, payload);
    },
    on(name, handler) {
      emitter.on(name, handler as (p: unknown) => void);
      return () => emitter.off(name, handler as (p: unknown) => void);
    },
    onAny(handler) {
      emitter.on('*', handler);
      return () => emitter.off('*', handler);
    },
  };
}
