"""solutions.price_model (optional, taxonomy price_models); indexes for the dashboard's counts (responses by need or solution and status, confirmations asked of an organisation)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 13:00:00

When merged after 0005_saved_searches, down_revision becomes "0005_saved_searches".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('solutions', sa.Column('price_model', sa.String(length=40), nullable=True))
    op.create_index('ix_interests_need_status', 'interests', ['need_id', 'status'], unique=False)
    op.create_index('ix_interests_solution_status', 'interests', ['solution_id', 'status'], unique=False)
    op.create_index('ix_deployments_org_confirmation', 'deployments', ['organisation_id', 'confirmation'],
                    unique=False)


def downgrade():
    op.drop_index('ix_deployments_org_confirmation', table_name='deployments')
    op.drop_index('ix_interests_solution_status', table_name='interests')
    op.drop_index('ix_interests_need_status', table_name='interests')
    with op.batch_alter_table('solutions') as batch_op:
        batch_op.drop_column('price_model')
