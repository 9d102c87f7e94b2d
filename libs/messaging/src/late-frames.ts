import type { ChannelModel } from 'amqplib';
import { MessagingLogger } from './logger';

interface Frame {
  channel: number;
}

interface FrameSink {
  channels: unknown[];
  accept: (frame: Frame) => unknown;
}

/**
 * RabbitMQ goes on sending a consumer's deliveries for a moment after it has closed that consumer's
 * channel (rabbitmq-server issue 13384), and amqplib ends the whole connection over a frame on a
 * channel it has already let go: one channel error would take every other channel of the process
 * with it. Such frames are dropped here, as the Java client drops them: the broker requeues those
 * deliveries with the closed channel. amqplib keeps no public hook for this; if its frame handling
 * is not what this expects, nothing is changed and the connection behaves as amqplib's own.
 */
export function dropFramesOfClosedChannels(model: ChannelModel, logger: MessagingLogger): void {
  const connection = (model as unknown as { connection: Partial<FrameSink> }).connection;
  const accept = connection.accept;
  const channels = connection.channels;
  if (typeof accept !== 'function' || !Array.isArray(channels)) {
    logger.warn(
      {},
      'amqplib frame handling is not as expected: frames of closed channels end the connection',
    );
    return;
  }
  connection.accept = function (this: FrameSink, frame: Frame) {
    if (frame.channel !== 0 && !this.channels[frame.channel]) return;
    return accept.call(this, frame);
  };
}
