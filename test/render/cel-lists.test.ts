/** CEL rules over lists (e.g. Istio's ServiceEntry ports must have distinct numbers). */
import { celViolations } from '../../src/render/cel-rules';

describe('CEL rules over a list', () => {
  const tree = { properties: { ports: { rules: [{ rule: 'self.all(l1, self.exists_one(l2, l1.number == l2.number))', message: 'port number must be unique' }] } } };

  it('evaluates them, passing distinct numbers and failing a repeated one', () => {
    expect(celViolations(tree as never, { ports: [{ number: 27017 }, { number: 27018 }] })).toEqual([]);
    expect(celViolations(tree as never, { ports: [{ number: 27017 }, { number: 27017 }] }))
      .toEqual([{ pointer: '/ports', rule: tree.properties.ports.rules[0].rule, message: 'port number must be unique' }]);
  });
});
