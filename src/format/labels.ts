// Words for people, shared by every format that draws or lists the report's categories.
import type { Category } from '../vocabulary.js';

export const CATEGORY_LABELS: Record<Category, string> = {
  api_tokens: 'API tokens',
  gpu: 'GPU',
  capital: 'Hardware purchase',
  depreciation: 'Depreciation',
  energy: 'Energy',
  hosting: 'Hosting',
  maintenance: 'Maintenance',
  residual: 'Resale (credit)',
  staff: 'Staff',
  fine_tuning: 'Fine-tuning',
  overhead: 'Overheads',
  one_time: 'One-time',
  commitment_after_horizon: 'Reserved after the horizon',
};
