import { Balance } from './movements';
import { channelOffer, OfferRule, oversold } from './channel-offer';

const balance = (onHand: string, allocated = '0', onHold = '0'): Balance => ({ onHand, allocated, inTransit: '500', onHold });
const balances = new Map([
  ['A\u0000DAL', balance('100', '30', '5')],
  ['A\u0000RNO', balance('10')],
  ['B\u0000DAL', balance('3', '2')],
]);
const rule: OfferRule = { share: 0.8, safetyStock: 2, locations: ['DAL', 'RNO'], perLocation: true };

describe('channelOffer', () => {
  it('offers floor(available × share) − safety stock per location, never in-transit stock, never below zero', () => {
    expect(channelOffer(rule, ['B', 'A', 'C'], balances)).toEqual([
      { sku: 'A', location: 'DAL', available: '50' }, { sku: 'A', location: 'RNO', available: '6' },
      { sku: 'B', location: 'DAL', available: '0' }, { sku: 'B', location: 'RNO', available: '0' },
      { sku: 'C', location: 'DAL', available: '0' }, { sku: 'C', location: 'RNO', available: '0' },
    ]);
  });

  it('applies share and safety stock once to the total when the channel takes one figure per item', () => {
    expect(channelOffer({ ...rule, perLocation: false, share: 1 }, ['A'], balances)).toEqual([{ sku: 'A', available: '73' }]);
  });

  it('finds what was offered beyond what is now available', () => {
    expect(oversold([{ sku: 'A', location: 'RNO', available: '11' }, { sku: 'A', location: 'DAL', available: '65' }], rule, balances)).toEqual([{ sku: 'A', location: 'RNO', available: '11', now: '10' }]);
  });
});
