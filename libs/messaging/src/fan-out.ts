import { AnyEventContract, EventData, EventQueue, ParleyError, parseOrThrow } from '@parley/contracts';

/** A handler for the data of each contract a queue carries, by the contract's type. */
export type FanOutHandlers<C extends readonly AnyEventContract[]> = {
  readonly [K in C[number] as K['type']]: (data: EventData<K>) => void;
};

/**
 * Hands each event of a queue to the handler of its type; an event of a type the queue does not
 * carry is refused. The data is checked against its contract only if the queue is declared
 * `validated`; otherwise it is taken as its publisher's contract made it.
 */
export function fanOut<C extends readonly AnyEventContract[]>(
  queue: EventQueue<C>,
  handlers: NoInfer<FanOutHandlers<C>>,
): (type: string, data: unknown) => void {
  const byType = new Map<string, { contract: AnyEventContract; handler: (data: unknown) => void }>(
    queue.carries.map((contract) => [
      contract.type,
      { contract, handler: (handlers as Record<string, (data: unknown) => void>)[contract.type]! },
    ]),
  );
  return (type, data) => {
    const route = byType.get(type);
    if (!route) throw new ParleyError('UNKNOWN_TYPE', `${queue.name} carries no events of type ${type}`);
    route.handler(queue.validated ? parseOrThrow(route.contract.data, data) : data);
  };
}
