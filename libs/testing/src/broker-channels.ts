import { rabbitmqctl } from './infrastructure-faults';
import { managementApi } from './management-api';

/** Which of a connection's channels: the one consuming a queue, the one publishing with confirms, or the RPC caller's. */
export type ChannelSelector = { consuming: string } | { publishing: true } | { directReplyTo: true };

export interface ClosedChannel {
  /** The channel's number on its connection. */
  number: number;
  /** When the broker closed it, in ms since the epoch (the broker runs on the test's clock). */
  closedAt: number;
}

/**
 * Makes the broker close exactly one channel of a client's connection with a channel error, the
 * connection left open: the fault a client sees when the broker refuses one of its operations.
 * The management API can close connections but not channels, so this asks the broker itself
 * (`rabbitmqctl eval`): it finds the connection by vhost and `connection_name`, picks the channel,
 * and hands that channel an ack for a delivery tag it never sent. The channel answers as it would
 * the client's own bad ack: channel.close 406 PRECONDITION_FAILED, and the client's channel closes.
 *
 * Written against RabbitMQ 3.10's internals (rabbit_channel, rabbit_amqqueue): the RPC caller's
 * channel is found by the direct reply-to consumer in the channel's state, which no info key shows.
 */
export async function closeChannel(
  vhost: string,
  connectionName: string,
  channel: ChannelSelector,
): Promise<ClosedChannel> {
  const output = await rabbitmqctl(['eval', closeChannelScript(vhost, connectionName, channel)]).catch(
    (error: Error & { stderr?: string }) => {
      throw new Error(
        `could not close the ${describe(channel)} channel of ${connectionName} in ${vhost}: ${error.stderr?.trim() || error.message}`,
      );
    },
  );
  const closed = /\{closed,(\d+),(\d+)\}/.exec(output);
  if (!closed)
    throw new Error(`rabbitmqctl eval answered neither {closed, Number, At} nor an error: ${output}`);
  return { number: Number(closed[1]), closedAt: Number(closed[2]) };
}

/**
 * Who a client's connection is, for telling the same connection from a new one: the broker's name
 * for each connection with that `connection_name` (its address and port) and when it was opened.
 */
export async function connectionsNamed(vhost: string, connectionName: string): Promise<string[]> {
  const api = managementApi('to look up connections');
  const connections = (await api(
    'GET',
    `/api/vhosts/${encodeURIComponent(vhost)}/connections?columns=name,connected_at,client_properties`,
  )) as { name: string; connected_at: number; client_properties?: { connection_name?: string } }[];
  return connections
    .filter((c) => c.client_properties?.connection_name === connectionName)
    .map((c) => `${c.name} opened at ${new Date(c.connected_at).toISOString()}`);
}

/**
 * Deletes a queue under its consumers, exclusive ones too (which the management API refuses): the
 * broker cancels each consumer (basic.cancel) and leaves their channels open.
 */
export async function deleteQueue(vhost: string, queue: string): Promise<void> {
  await rabbitmqctl(['delete_queue', '-p', vhost, queue]);
}

function describe(channel: ChannelSelector): string {
  if ('consuming' in channel) return `${channel.consuming} consumer`;
  return 'publishing' in channel ? 'publishing' : 'direct reply-to';
}

function closeChannelScript(vhost: string, connectionName: string, channel: ChannelSelector): string {
  const target =
    'consuming' in channel
      ? `{queue, ${binary(channel.consuming)}}`
      : 'publishing' in channel
        ? 'publishing'
        : 'reply_to';
  // #ch is wrapped in gen_server2's state; its 16th element is reply_consumer (3.10's record).
  return `
VHost = ${binary(vhost)}, Name = ${binary(connectionName)}, Target = ${target},
Conns = [P || P <- rabbit_networking:connections(),
  begin I = rabbit_reader:info(P, [vhost, client_properties]),
    proplists:get_value(vhost, I) =:= VHost andalso
    lists:keyfind(<<"connection_name">>, 1, proplists:get_value(client_properties, I)) =:= {<<"connection_name">>, longstr, Name} end],
Conn = case Conns of [C] -> C; _ -> erlang:error({connections_with_that_name, length(Conns)}) end,
Chans = [Ch || Ch <- rabbit_channel:list(), proplists:get_value(connection, rabbit_channel:info(Ch, [connection])) =:= Conn],
ChState = fun(Ch) -> S = sys:get_state(Ch), case element(1, S) of gs2_state -> element(4, S); _ -> S end end,
Picked = case Target of
  publishing -> [Ch || Ch <- Chans, proplists:get_value(confirm, rabbit_channel:info(Ch, [confirm])) =:= true];
  reply_to -> [Ch || Ch <- Chans, begin S = ChState(Ch),
    case {element(1, S), tuple_size(S)} of {ch, 21} -> ok; Shape -> erlang:error({not_a_rabbitmq_3_10_channel_state, Shape}) end,
    case element(16, S) of {<<"amq.ctag-", _/binary>>, _, _} -> true; _ -> false end end];
  {queue, Q} -> lists:usort([proplists:get_value(channel_pid, I) || I <- rabbit_amqqueue:consumers_all(VHost),
    proplists:get_value(queue_name, I) =:= rabbit_misc:r(VHost, queue, Q),
    lists:member(proplists:get_value(channel_pid, I), Chans)])
end,
case Picked of
  [Pid] ->
    Number = proplists:get_value(number, rabbit_channel:info(Pid, [number])),
    rabbit_channel:do(Pid, {'basic.ack', 99999999, false}),
    {closed, Number, erlang:system_time(millisecond)};
  _ -> erlang:error({channels_matching, length(Picked), of_channels_on_the_connection, length(Chans)})
end.`;
}

/** An Erlang binary literal; names are checked first, so nothing can break out of the script. */
function binary(value: string): string {
  if (!/^[A-Za-z0-9_.:\-/]+$/.test(value))
    throw new Error(`"${value}" is not a vhost, connection or queue name this helper can pass to the broker`);
  return `<<"${value}">>`;
}
