import { Construct, type IConstruct } from 'constructs';
import { ConstructError } from './construct-error';

export interface RenderedFileProps {
  /** Path relative to the synth output folder (cdktf.out), e.g. `edge/retail/ship-1/kafka.yaml`. */
  readonly path: string;
  readonly content: string;
  /**
   * The documents of a YAML file as data, when the producer has them, so readers
   * (the policy) need not parse the text again: a 1,000-site fleet renders 1,000 bundles.
   * @default - readers parse `content`
   */
  readonly documents?: readonly unknown[];
}

/**
 * A file rendered for people or for out-of-band delivery (an on-premises VPN
 * configuration, an edge site's manifests, a runbook). It is part of the construct
 * tree so tests can find it, and main.ts writes it into the synth output with
 * everything else, or not at all when synthesis fails.
 */
export class RenderedFile extends Construct {
  public readonly path: string;
  public readonly content: string;
  public readonly documents?: readonly unknown[];

  constructor(scope: Construct, id: string, props: RenderedFileProps) {
    super(scope, id);
    if (props.path.startsWith('/') || props.path.split('/').includes('..')) {
      throw new ConstructError(this, `path "${props.path}" must stay inside the output folder; use a relative path without "..".`);
    }
    this.path = props.path;
    this.content = props.content;
    this.documents = props.documents;
  }

  public static isRenderedFile(x: unknown): x is RenderedFile {
    return x instanceof RenderedFile;
  }

  /** Every rendered file under `scope`. */
  public static all(scope: IConstruct): RenderedFile[] {
    return scope.node.findAll().filter(RenderedFile.isRenderedFile);
  }
}
