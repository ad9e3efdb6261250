import { DynamicModule, Module } from '@nestjs/common';
import { AS2_RECEIVER } from '../tokens';
import { As2Controller, As2OpsController } from './as2.controller';
import { As2Receiver, As2ReceiverDependencies } from './as2-receiver';

/** POST /as2/inbound and POST /as2/mdn, around connections the caller owns. */
@Module({})
export class As2Module {
  static with(deps: As2ReceiverDependencies): DynamicModule {
    return { module: As2Module, controllers: [As2Controller, As2OpsController], providers: [{ provide: AS2_RECEIVER, useValue: new As2Receiver(deps) }] };
  }
}
