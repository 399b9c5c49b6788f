/** The Amazon Connect flow language, version 2019-10-30 (spec/flow-language.md §1–2). */

export interface FlowTransitions {
  NextAction?: string;
  Errors?: { ErrorType: string; NextAction: string }[];
  Conditions?: { NextAction: string; Condition: { Operator: string; Operands: string[] } }[];
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters?: Record<string, unknown>;
  Transitions: FlowTransitions;
}

export interface FlowDocument {
  Version: '2019-10-30';
  StartAction: string;
  Actions: FlowAction[];
  Metadata?: Record<string, unknown>;
}
