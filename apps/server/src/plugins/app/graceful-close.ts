import fp from 'fastify-plugin';

/**
 * During shutdown, answers still in flight go out with `Connection: close`. Without it a keep-alive
 * client holds its socket open after the last response and `close()` waits for the keep-alive
 * timeout instead of finishing as soon as the in-flight work is done.
 */
export const gracefulClosePlugin = fp(
  async (app) => {
    let isClosing = false;
    app.addHook('preClose', async () => {
      isClosing = true;
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      if (isClosing) void reply.header('connection', 'close');
      return payload;
    });
  },
  { name: 'graceful-close' },
);
