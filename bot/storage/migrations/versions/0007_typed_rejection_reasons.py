"""a typed reason for rejecting a suggested article: the conversation waits for it, the suggestion keeps it

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_for', sa.Integer(), nullable=True))
    with op.batch_alter_table('kb_suggestions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_text', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('kb_suggestions', schema=None) as batch_op:
        batch_op.drop_column('reason_text')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('reason_for')
