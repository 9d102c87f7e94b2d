import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

/**
 * The HTTP routes this service answers, read from its controllers' decorators, so that a 404 can
 * say what there is without a list kept by hand beside them.
 */
@Injectable()
export class ServedRoutes {
  private described: string | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** "GET /health, POST /auth/register and POST /auth/login". */
  describe(): string {
    this.described ??= andList(this.list());
    return this.described;
  }

  private list(): string[] {
    return this.discovery.getControllers().flatMap(({ metatype }) => {
      if (typeof metatype !== 'function') return [];
      const base = this.reflector.get<string | string[]>(PATH_METADATA, metatype);
      return this.scanner.getAllMethodNames(metatype.prototype).flatMap((name) => {
        const handler = (metatype.prototype as Record<string, () => unknown>)[name]!;
        const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
        // RPC handlers (@MessagePattern) sit on controllers too, but have no HTTP method.
        if (method === undefined) return [];
        const path = this.reflector.get<string | string[]>(PATH_METADATA, handler);
        return paths(base).flatMap((prefix) =>
          paths(path).map((suffix) => `${RequestMethod[method]} ${join(prefix, suffix)}`),
        );
      });
    });
  }
}

const paths = (path: string | string[] | undefined): string[] => (Array.isArray(path) ? path : [path ?? '']);

function join(base: string, path: string): string {
  return ('/' + [base, path].join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

function andList(items: string[]): string {
  return items.length < 2 ? (items[0] ?? 'none') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
