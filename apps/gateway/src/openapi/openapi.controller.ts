import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/api-key.guard';
import { OPENAPI } from './openapi.document';

@Controller()
export class OpenApiController {
  @Get('openapi.json')
  @Public()
  document(): typeof OPENAPI {
    return OPENAPI;
  }
}
